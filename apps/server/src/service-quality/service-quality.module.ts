/** 服务质量台账 of 三单一访 (7.1.2, 7.2.1): supervision, ratings and follow-ups. */
import { Module } from '@nestjs/common';
import { ServiceQualityService } from './service-quality.service';

@Module({ providers: [ServiceQualityService], exports: [ServiceQualityService] })
export class ServiceQualityModule {}
