import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { OrgUnitQueryDto } from '../unit-records/unit-records';
import { CreditRecordDto } from './credit-record.dto';
import { CreditService } from './credit.service';

@ApiTags('credit-records')
@ApiBearerAuth()
@Controller('credit-records')
export class CreditController {
  constructor(private readonly credit: CreditService) {}

  /** 信用档案：仅限工作人员（居民身份无权查看）. */
  @Get()
  @ApiOkResponse({ type: [CreditRecordDto] })
  list(@CurrentPrincipal() principal: Principal, @Query() query: OrgUnitQueryDto): Promise<CreditRecordDto[]> {
    return this.credit.list(principal, query.orgUnit);
  }
}
