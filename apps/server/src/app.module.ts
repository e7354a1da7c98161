/**
 * The server's modules. Built from the validated config and the URL of an already
 * migrated database, so tests can build the same app against their own database.
 */
import { Module, RequestMethod, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { buildDataSourceOptions } from './database/data-source-options';
import { DATABASE_URL } from './database/database.tokens';
import { WorkflowEngineModule } from './engine/workflow-engine.module';
import { HealthModule } from './health/health.module';
import { AuthModule } from './auth/auth.module';
import { OrgModule } from './org/org.module';
import { SeedModule } from './seed/seed.module';
import { UsersModule } from './users/users.module';
import { AuditModule } from './audit/audit.module';
import { FormsModule } from './forms/forms.module';
import { InboxModule } from './inbox/inbox.module';
import { AnalyticsModule } from './analytics/analytics.module';
import { DeploymentsModule } from './deployments/deployments.module';
import { MonitorModule } from './monitor/monitor.module';
import { ProcessesModule, WorkflowClientModule } from './processes/processes.module';
import { PROCEDURE_RECORD_MODULES } from './procedure-workers/procedure-records.modules';
import { CommitteeReportsModule } from './committee-reports/committee-reports.module';
import { CandidateObjectionsModule } from './objections/candidate-objections.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        LoggerModule.forRoot({
          // Nest 11's router wants named wildcards; the default '*' logs a legacy-route warning.
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          pinoHttp: {
            level: config.logLevel,
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            customProps: () => ({ service: 'server' }),
          },
        }),
        TypeOrmModule.forRoot(buildDataSourceOptions(databaseUrl)),
        WorkflowEngineModule,
        HealthModule,
        ...FEATURE_MODULES,
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: DATABASE_URL, useValue: databaseUrl },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
      ],
      exports: [APP_CONFIG, DATABASE_URL],
    };
  }
}

/** Feature modules (auth, organisation, users, …), each a folder under src/. */
const FEATURE_MODULES: NonNullable<DynamicModule['imports']> = [
  OrgModule,
  UsersModule,
  AuthModule,
  SeedModule,
  WorkflowClientModule,
  FormsModule,
  AuditModule,
  ProcessesModule,
  InboxModule,
  AnalyticsModule,
  DeploymentsModule,
  MonitorModule,
  ...PROCEDURE_RECORD_MODULES,
  CommitteeReportsModule,
  CandidateObjectionsModule,
];
