/**
 * The 流程实例 monitor: deployed definitions with their XML (any signed-in user) and, for
 * admins within their subtree, browsing instances, their incidents and variables, and the
 * operations that repair them (see docs/monitor.md).
 */
import { AuditModule } from '../audit/audit.module';
import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { OrgModule } from '../org/org.module';
import { ProcessesModule } from '../processes/processes.module';
import { EngineTablesInstanceReader } from './engine-tables.reader';
import { INSTANCE_READER, UnavailableInstanceReader } from './instance-reader';
import { KnownInstanceUnits } from './known-instance-units';
import { MonitorController } from './monitor.controller';
import { MonitorService } from './monitor.service';
import { ProcessDefinitionsController } from './process-definitions.controller';

@Module({
  imports: [ProcessesModule, OrgModule, AuditModule],
  controllers: [ProcessDefinitionsController, MonitorController],
  providers: [
    EngineTablesInstanceReader,
    {
      provide: INSTANCE_READER,
      inject: [APP_CONFIG, EngineTablesInstanceReader],
      useFactory: (config: AppConfig, tables: EngineTablesInstanceReader) =>
        config.engine === 'embedded' ? tables : new UnavailableInstanceReader(),
    },
    KnownInstanceUnits,
    MonitorService,
  ],
})
export class MonitorModule {}
