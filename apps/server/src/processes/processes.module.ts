/**
 * Deploy-on-boot of PROCESSES_DIR and FORMS_DIR, the process registry, and starting
 * procedures from their start forms. Also provides libs/workflow's client and job workers
 * to the rest of the server.
 */
import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { WorkflowEngineService } from '../engine/workflow-engine.service';
import { FormsModule } from '../forms/forms.module';
import { OrgModule } from '../org/org.module';
import { BootDeploymentsRepository } from './boot-deployments.repository';
import { DeploymentService } from './deployment.service';
import { ProcessesController } from './processes.controller';
import { ProcessesRepository } from './processes.repository';
import { ProcessesService } from './processes.service';
import { RunningInstancesRepository } from './running-instances.repository';
import { workflowClientOf } from './workflow-client';
import { WorkflowModule, type WorkflowClient } from '@rp/workflow';

export const WorkflowClientModule = WorkflowModule.forRoot({
  inject: [WorkflowEngineService],
  useFactory: (engine: WorkflowEngineService) => {
    let client: WorkflowClient | undefined;
    return () => (client ??= workflowClientOf(engine.grpc()));
  },
});

@Module({
  imports: [FormsModule, OrgModule, AuditModule],
  controllers: [ProcessesController],
  providers: [ProcessesRepository, ProcessesService, DeploymentService, BootDeploymentsRepository, RunningInstancesRepository],
  exports: [ProcessesRepository, DeploymentService],
})
export class ProcessesModule {}
