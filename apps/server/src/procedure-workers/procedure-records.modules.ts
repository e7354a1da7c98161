/**
 * The feature modules of the procedures' system steps, as app.module.ts lists them in
 * FEATURE_MODULES: the record-keeping features and the workers that write them.
 */
import type { DynamicModule } from '@nestjs/common';
import { CommitteesModule } from '../committees/committees.module';
import { CreditModule } from '../credit/credit.module';
import { NoticesModule } from '../notices/notices.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { OwnersModule } from '../owners/owners.module';
import { RatingsModule } from '../ratings/ratings.module';
import { SealsModule } from '../seals/seals.module';
import { ServiceQualityModule } from '../service-quality/service-quality.module';
import { ProcedureWorkersModule } from './procedure-workers.module';

export const PROCEDURE_RECORD_MODULES: NonNullable<DynamicModule['imports']> = [
  OwnersModule,
  NoticesModule,
  NotificationsModule,
  CommitteesModule,
  CreditModule,
  SealsModule,
  RatingsModule,
  ServiceQualityModule,
  ProcedureWorkersModule,
];
