/** 业主委员会定期报告 and the overdue monitor that publishes `committee-report-overdue` (4.4.3.3). */
import { Module } from '@nestjs/common';
import { OrgModule } from '../org/org.module';
import { CommitteeReportCheckController, CommitteeReportsController } from './committee-reports.controller';
import { CommitteeReportsService } from './committee-reports.service';

@Module({
  imports: [OrgModule],
  controllers: [CommitteeReportsController, CommitteeReportCheckController],
  providers: [CommitteeReportsService],
  exports: [CommitteeReportsService],
})
export class CommitteeReportsModule {}
