import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { OrgUnitQueryDto } from '../unit-records/unit-records';
import { StarRatingDto } from './star-rating.dto';
import { RatingsService } from './ratings.service';

@ApiTags('star-ratings')
@ApiBearerAuth()
@Controller('star-ratings')
export class RatingsController {
  constructor(private readonly ratings: RatingsService) {}

  /** 示范项目星级：年度评议等次及由此调整的星级，最近年度在前. */
  @Get()
  @ApiOkResponse({ type: [StarRatingDto] })
  list(@CurrentPrincipal() principal: Principal, @Query() query: OrgUnitQueryDto): Promise<StarRatingDto[]> {
    return this.ratings.list(principal, query.orgUnit);
  }
}
