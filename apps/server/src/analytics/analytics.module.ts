/**
 * Process-duration analytics (an open counterpart of Camunda Optimize): the loader that
 * copies engine and inbox history into fact tables, and the /api/analytics endpoints.
 */
import { Module } from '@nestjs/common';
import { OrgModule } from '../org/org.module';
import { AnalyticsController } from './analytics.controller';
import { AnalyticsLoader } from './analytics-loader';
import { AnalyticsRepository } from './analytics.repository';
import { AnalyticsService } from './analytics.service';

@Module({
  imports: [OrgModule],
  controllers: [AnalyticsController],
  providers: [AnalyticsRepository, AnalyticsService, AnalyticsLoader],
  exports: [AnalyticsLoader],
})
export class AnalyticsModule {}
