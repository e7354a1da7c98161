import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { OrgUnitQueryDto } from '../unit-records/unit-records';
import { SealCustodyDto } from './seal-custody.dto';
import { SealsService } from './seals.service';

@ApiTags('seal-custody')
@ApiBearerAuth()
@Controller('seal-custody')
export class SealsController {
  constructor(private readonly seals: SealsService) {}

  /** 印章代管记录（移交历史），最新在前；仅限工作人员. */
  @Get()
  @ApiOkResponse({ type: [SealCustodyDto] })
  history(@CurrentPrincipal() principal: Principal, @Query() query: OrgUnitQueryDto): Promise<SealCustodyDto[]> {
    return this.seals.history(principal, query.orgUnit);
  }
}
