/** 示范项目星级 (4.7.3.1): what `rp.update-star-rating` records and GET /api/star-ratings. */
import { Module } from '@nestjs/common';
import { OrgModule } from '../org/org.module';
import { RatingsController } from './ratings.controller';
import { RatingsService } from './ratings.service';

@Module({ imports: [OrgModule], controllers: [RatingsController], providers: [RatingsService], exports: [RatingsService] })
export class RatingsModule {}
