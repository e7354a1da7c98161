/**
 * The task inbox: the user-task projection worker, the job-state probe (cancellations), the
 * sweeper, and the /api/tasks endpoints.
 */
import { Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditModule } from '../audit/audit.module';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { WorkflowEngineService } from '../engine/workflow-engine.service';
import { FormsModule } from '../forms/forms.module';
import { OrgModule } from '../org/org.module';
import { ProcessesModule } from '../processes/processes.module';
import { UsersModule } from '../users/users.module';
import { InboxProjectionWorker, USER_TASK_LOCK_MS } from './inbox-projection.worker';
import { InboxSweeper } from './inbox-sweeper';
import { InboxController } from './inbox.controller';
import { InboxRepository } from './inbox.repository';
import { InboxService } from './inbox.service';
import { EmbeddedJobStateProbe, GatewayJobStateProbe, JOB_STATE_PROBE } from './job-state-probe';

@Module({
  imports: [FormsModule, OrgModule, UsersModule, AuditModule, ProcessesModule],
  controllers: [InboxController],
  providers: [
    InboxRepository,
    InboxService,
    InboxProjectionWorker,
    InboxSweeper,
    {
      provide: JOB_STATE_PROBE,
      inject: [APP_CONFIG, getDataSourceToken(), WorkflowEngineService],
      useFactory: (config: AppConfig, dataSource: DataSource, engine: WorkflowEngineService) =>
        config.engine === 'embedded'
          ? new EmbeddedJobStateProbe(dataSource)
          : new GatewayJobStateProbe(() => engine.grpc(), { lockMs: USER_TASK_LOCK_MS, checksPerSecond: config.inboxJobChecksPerSecond }),
    },
  ],
  exports: [InboxProjectionWorker, InboxRepository],
})
export class InboxModule {}
