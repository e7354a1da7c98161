/** 流程设计 / 表单设计 on the server: deploying from the designer, and the form registry's versions. */
import { Module } from '@nestjs/common';
import { ProcessesModule } from '../processes/processes.module';
import { DeploymentsController } from './deployments.controller';
import { DeploymentsService } from './deployments.service';
import { FormDefinitionsRepository } from './form-definitions.repository';

@Module({
  imports: [ProcessesModule],
  controllers: [DeploymentsController],
  providers: [DeploymentsService, FormDefinitionsRepository],
})
export class DeploymentsModule {}
