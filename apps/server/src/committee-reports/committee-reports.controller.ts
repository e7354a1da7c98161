/**
 * 业主委员会定期报告 (4.4.3.3): the committee (or its community party organisation) records each
 * report; the register shows reports, missed reports and the next due date. Administrators can
 * run the overdue check at once instead of waiting for the scheduled one.
 */
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { forbidden, invalidField } from '../common/app-error';
import { CommitteeReportDto, CommitteeReportsDto, OverdueCheckDto, RecordCommitteeReportDto } from './committee-report.dto';
import { CommitteeReportsService } from './committee-reports.service';

const committeeIdPipe = new ParseUUIDPipe({ exceptionFactory: () => invalidField('id', 'isUuid', '必须是 UUID') });

@ApiTags('committees')
@ApiBearerAuth()
@Controller('committees')
export class CommitteeReportsController {
  constructor(private readonly reports: CommitteeReportsService) {}

  @Get(':id/reports')
  @ApiOperation({ summary: '业主委员会定期报告台账：报告、逾期未报告及下次应报日期' })
  @ApiOkResponse({ type: CommitteeReportsDto })
  list(@CurrentPrincipal() principal: Principal, @Param('id', committeeIdPipe) id: string): Promise<CommitteeReportsDto> {
    return this.reports.list(principal, id);
  }

  @Post(':id/reports')
  @ApiOperation({ summary: '登记业主委员会向社区党组织的定期报告（本小区业主委员会或社区党组织）' })
  @ApiCreatedResponse({ type: CommitteeReportDto })
  @ApiBadRequestResponse({ description: '报告日期无效、晚于今天或早于任期开始；摘要为空' })
  @ApiForbiddenResponse({ description: '不是本小区业主委员会或其社区党组织' })
  @ApiConflictResponse({ description: '该届业主委员会已终止，或该日期已登记过报告' })
  record(
    @CurrentPrincipal() principal: Principal,
    @Param('id', committeeIdPipe) id: string,
    @Body() body: RecordCommitteeReportDto,
  ): Promise<CommitteeReportDto> {
    return this.reports.record(principal, id, body);
  }
}

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/committee-reports')
export class CommitteeReportCheckController {
  constructor(private readonly reports: CommitteeReportsService) {}

  @Post('check')
  @HttpCode(200)
  @ApiOperation({ summary: '立即检查管辖范围内业主委员会是否逾期未报告，逾期的发出 committee-report-overdue（管理员）' })
  @ApiOkResponse({ type: OverdueCheckDto })
  @ApiForbiddenResponse({ description: '不是管理员' })
  check(@CurrentPrincipal() principal: Principal): Promise<OverdueCheckDto> {
    const roots = principal.memberships.filter((m) => m.role === 'admin').map((m) => m.orgUnitPath);
    if (roots.length === 0) throw forbidden('只有管理员可以执行逾期检查');
    return this.reports.checkOverdue(new Date(), roots);
  }
}
