import { Global, Module } from '@nestjs/common';
import { EngineClockController } from './engine-clock.controller';
import { WorkflowEngineService } from './workflow-engine.service';

@Global()
@Module({ controllers: [EngineClockController], providers: [WorkflowEngineService], exports: [WorkflowEngineService] })
export class WorkflowEngineModule {}
