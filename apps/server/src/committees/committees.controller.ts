import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { invalidField } from '../common/app-error';
import { OrgUnitQueryDto } from '../unit-records/unit-records';
import { CommitteeDetailDto, CommitteeDto } from './committee.dto';
import { CommitteesService } from './committees.service';

@ApiTags('committees')
@ApiBearerAuth()
@Controller('committees')
export class CommitteesController {
  constructor(private readonly committees: CommitteesService) {}

  /** 业主委员会名册：该单元、其下级和上级中可见的各届业主委员会. */
  @Get()
  @ApiOkResponse({ type: [CommitteeDto] })
  list(@CurrentPrincipal() principal: Principal, @Query() query: OrgUnitQueryDto): Promise<CommitteeDto[]> {
    return this.committees.list(principal, query.orgUnit);
  }

  /** 一届业主委员会：委员（含退出者）及名册变更历史. */
  @Get(':id')
  @ApiOkResponse({ type: CommitteeDetailDto })
  detail(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe({ exceptionFactory: () => invalidField('id', 'isUuid', '必须是 UUID') })) id: string,
  ): Promise<CommitteeDetailDto> {
    return this.committees.detail(principal, id);
  }
}
