/**
 * The workers of the procedures' system steps (`rp.*` service tasks): thin handlers that read
 * and check the job's variables, apply the rules of libs/domain and write through the
 * feature modules (notices, committees, credit, seals, ratings, owners, notifications,
 * service quality). Registered once, from PROCEDURE_HANDLERS.
 */
import { Module } from '@nestjs/common';
import { CommitteesModule } from '../committees/committees.module';
import { CreditModule } from '../credit/credit.module';
import { NoticesModule } from '../notices/notices.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { OrgModule } from '../org/org.module';
import { OwnersModule } from '../owners/owners.module';
import { RatingsModule } from '../ratings/ratings.module';
import { SealsModule } from '../seals/seals.module';
import { ServiceQualityModule } from '../service-quality/service-quality.module';
import { MembershipDirectory } from './membership-directory';
import { PROCEDURE_HANDLERS } from './procedure-handlers';
import { ProcedureWorkersService } from './procedure-workers.service';

@Module({
  imports: [
    OrgModule,
    NoticesModule,
    CommitteesModule,
    CreditModule,
    SealsModule,
    RatingsModule,
    OwnersModule,
    NotificationsModule,
    ServiceQualityModule,
  ],
  providers: [MembershipDirectory, ProcedureWorkersService, ...Object.values(PROCEDURE_HANDLERS)],
  exports: [...Object.values(PROCEDURE_HANDLERS)],
})
export class ProcedureWorkersModule {}
