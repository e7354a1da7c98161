import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { AuditService } from './audit.service';
import { AuditPageDto, ListAuditQuery } from './dtos/audit.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ summary: '审计日志：本人管理范围内的认领、指派、草稿、办理与发起记录（管理员）' })
  @ApiOkResponse({ type: AuditPageDto })
  @ApiForbiddenResponse({ description: '不是管理员' })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListAuditQuery): Promise<AuditPageDto> {
    return this.audit.search(principal, query);
  }
}
