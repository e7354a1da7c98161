import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { OrgUnitQueryDto } from '../unit-records/unit-records';
import { NoticeDto } from './notice.dto';
import { NoticesService } from './notices.service';

@ApiTags('notices')
@ApiBearerAuth()
@Controller('notices')
export class NoticesController {
  constructor(private readonly notices: NoticesService) {}

  /** 公示：该单元、其下级和上级中调用者可见的公告，最新在前（至多200条）. */
  @Get()
  @ApiOkResponse({ type: [NoticeDto] })
  list(@CurrentPrincipal() principal: Principal, @Query() query: OrgUnitQueryDto): Promise<NoticeDto[]> {
    return this.notices.list(principal, query.orgUnit);
  }
}
