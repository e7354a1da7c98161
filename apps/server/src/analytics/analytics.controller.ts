import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { CsvExport } from './csv-export.interceptor';
import { beijingTime, hours, type CsvColumn } from './csv';
import {
  AnalyticsQuery,
  BreachesQuery,
  ByOrgUnitQuery,
  HistogramQuery,
  ProcessParams,
  SetTargetBody,
  SlowestQuery,
  TargetParams,
  TrendQuery,
} from './dtos/analytics.dto';
import {
  AnalyticsService,
  type BreachItem,
  type BreachesAnswer,
  type ByOrgUnitAnswer,
  type DurationsAnswer,
  type ElementFigures,
  type HistogramAnswer,
  type SlowestItem,
  type TargetItem,
  type TrendAnswer,
} from './analytics.service';
import type { TrendRow, UnitStatsRow } from './analytics.repository';

const KIND_NAMES = { instance: '流程实例', element: '环节' } as const;
const REASON_NAMES = { target: '超过目标时长', dueDate: '超过截止时间' } as const;
const STATE_NAMES: Readonly<Record<string, string>> = {
  ACTIVE: '进行中',
  ACTIVATED: '进行中',
  COMPLETED: '已完成',
  TERMINATED: '已终止',
};

type DurationRow = Pick<ElementFigures, 'elementId' | 'name' | 'count' | 'mean' | 'min' | 'max' | 'p50' | 'p90' | 'p99'> &
  Partial<Pick<ElementFigures, 'elementType' | 'active' | 'waiting' | 'working'>>;

const DURATION_COLUMNS: readonly CsvColumn<DurationRow>[] = [
  { header: '环节ID', value: (r) => r.elementId },
  { header: '环节名称', value: (r) => r.name },
  { header: '类型', value: (r) => r.elementType ?? '整个流程' },
  { header: '完成数', value: (r) => r.count },
  { header: '进行中', value: (r) => r.active },
  { header: '平均耗时(小时)', value: (r) => hours(r.mean) },
  { header: '最短(小时)', value: (r) => hours(r.min) },
  { header: '最长(小时)', value: (r) => hours(r.max) },
  { header: 'P50(小时)', value: (r) => hours(r.p50) },
  { header: 'P90(小时)', value: (r) => hours(r.p90) },
  { header: 'P99(小时)', value: (r) => hours(r.p99) },
  { header: '等待认领P50(小时)', value: (r) => hours(r.waiting?.p50) },
  { header: '办理P50(小时)', value: (r) => hours(r.working?.p50) },
  { header: '平均耗时(毫秒)', value: (r) => r.mean },
  { header: 'P50(毫秒)', value: (r) => r.p50 },
  { header: 'P90(毫秒)', value: (r) => r.p90 },
  { header: 'P99(毫秒)', value: (r) => r.p99 },
];

const TREND_COLUMNS: readonly CsvColumn<TrendRow>[] = [
  { header: '周期开始', value: (r) => r.bucket },
  { header: '发起数', value: (r) => r.started },
  { header: '办结数', value: (r) => r.completed },
  { header: 'P50(小时)', value: (r) => hours(r.p50) },
  { header: 'P90(小时)', value: (r) => hours(r.p90) },
  { header: 'P50(毫秒)', value: (r) => r.p50 },
  { header: 'P90(毫秒)', value: (r) => r.p90 },
];

const UNIT_COLUMNS: readonly CsvColumn<UnitStatsRow>[] = [
  { header: '单位ID', value: (r) => r.orgUnitId },
  { header: '单位名称', value: (r) => r.name },
  { header: '实例数', value: (r) => r.count },
  { header: '进行中', value: (r) => r.running },
  { header: '已办结', value: (r) => r.completed },
  { header: '已终止', value: (r) => r.terminated },
  { header: '平均耗时(小时)', value: (r) => hours(r.mean) },
  { header: '最短(小时)', value: (r) => hours(r.min) },
  { header: '最长(小时)', value: (r) => hours(r.max) },
  { header: 'P50(小时)', value: (r) => hours(r.p50) },
  { header: 'P90(小时)', value: (r) => hours(r.p90) },
  { header: 'P99(小时)', value: (r) => hours(r.p99) },
];

const BREACH_COLUMNS: readonly CsvColumn<BreachItem>[] = [
  { header: '类型', value: (r) => KIND_NAMES[r.kind] },
  { header: '原因', value: (r) => REASON_NAMES[r.reason] },
  { header: '流程实例', value: (r) => r.processInstanceKey },
  { header: '环节ID', value: (r) => r.elementId },
  { header: '环节名称', value: (r) => r.name },
  { header: '单位', value: (r) => r.orgUnitName ?? r.orgUnitId },
  { header: '状态', value: (r) => STATE_NAMES[r.state] ?? r.state },
  { header: '开始时间', value: (r) => beijingTime(new Date(r.startedAt)) },
  { header: '结束时间', value: (r) => (r.endedAt ? beijingTime(new Date(r.endedAt)) : '') },
  { header: '截止时间', value: (r) => beijingTime(new Date(r.deadline)) },
  { header: '超时(小时)', value: (r) => hours(r.lateMs) },
  { header: '超时(毫秒)', value: (r) => r.lateMs },
];

const HISTOGRAM_COLUMNS: readonly CsvColumn<HistogramAnswer['buckets'][number]>[] = [
  { header: '耗时下限(毫秒)', value: (r) => r.lowerMs },
  { header: '耗时上限(毫秒)', value: (r) => r.upperMs },
  { header: '耗时下限(小时)', value: (r) => hours(r.lowerMs) },
  { header: '耗时上限(小时)', value: (r) => hours(r.upperMs) },
  { header: '数量', value: (r) => r.count },
];

const SLOWEST_COLUMNS: readonly CsvColumn<SlowestItem>[] = [
  { header: '流程实例', value: (r) => r.processInstanceKey },
  { header: '单位ID', value: (r) => r.orgUnitId },
  { header: '单位名称', value: (r) => r.orgUnitName },
  { header: '开始时间', value: (r) => beijingTime(new Date(r.startedAt)) },
  { header: '耗时(小时)', value: (r) => hours(r.durationMs) },
  { header: '耗时(毫秒)', value: (r) => r.durationMs },
];

const TARGET_COLUMNS: readonly CsvColumn<TargetItem>[] = [
  { header: '环节ID', value: (r) => r.elementId },
  { header: '环节名称', value: (r) => r.name },
  { header: '目标时长(小时)', value: (r) => hours(r.targetMs) },
  { header: '目标时长(毫秒)', value: (r) => r.targetMs },
  { header: '设置人', value: (r) => r.updatedBy },
  { header: '设置时间', value: (r) => beijingTime(new Date(r.updatedAt)) },
];

/** The process id, and the step's when the answer is about one step: `resident-report-accept`. */
const subject = ({ params, query }: { params: Record<string, string>; query: Record<string, unknown> }): string =>
  `${params['bpmnProcessId']}${typeof query['elementId'] === 'string' ? `-${query['elementId']}` : ''}`;
const named =
  (ascii: string, chinese: string) =>
  (request: { params: Record<string, string>; query: Record<string, unknown> }): { ascii: string; chinese: string } => ({
    ascii: `${subject(request)}-${ascii}`,
    chinese: `${subject(request)}-${chinese}`,
  });

@ApiTags('analytics')
@ApiBearerAuth()
@ApiProduces('application/json', 'text/csv')
@ApiForbiddenResponse({ description: '需要分析员或管理员角色' })
@ApiNotFoundResponse({ description: 'orgUnit 不存在或不在本人可分析的范围内' })
@Controller('analytics/processes/:bpmnProcessId')
export class AnalyticsController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Get('durations')
  @ApiOperation({ summary: '整个流程与各环节的耗时（毫秒）：数量、平均、最短、最长、P50/P90/P99；人工环节另给等待认领与办理时长' })
  @ApiOkResponse({ description: '{count, running, completed, terminated, mean, min, max, p50, p90, p99, byElement[]}' })
  @CsvExport<DurationsAnswer, DurationRow>({
    columns: DURATION_COLUMNS,
    rows: (answer) => [
      { ...answer, elementId: answer.bpmnProcessId, count: answer.completed, active: answer.running },
      ...answer.byElement,
    ],
    fileName: named('durations', '耗时'),
  })
  durations(
    @CurrentPrincipal() principal: Principal,
    @Param() params: ProcessParams,
    @Query() query: AnalyticsQuery,
  ): Promise<DurationsAnswer> {
    return this.analytics.durations(principal, params.bpmnProcessId, query);
  }

  @Get('trend')
  @ApiOperation({ summary: '按周或按月（北京时间）的发起数、办结数与办结实例耗时 P50/P90' })
  @CsvExport<TrendAnswer, TrendRow>({ columns: TREND_COLUMNS, rows: (answer) => answer.buckets, fileName: named('trend', '趋势') })
  trend(@CurrentPrincipal() principal: Principal, @Param() params: ProcessParams, @Query() query: TrendQuery): Promise<TrendAnswer> {
    return this.analytics.trend(principal, params.bpmnProcessId, query, query.bucket ?? 'month');
  }

  @Get('by-org-unit')
  @ApiOperation({ summary: '按区、街道或社区汇总的实例耗时' })
  @CsvExport<ByOrgUnitAnswer, UnitStatsRow>({
    columns: UNIT_COLUMNS,
    rows: (answer) => answer.units,
    fileName: named('by-org-unit', '按单位'),
  })
  byOrgUnit(
    @CurrentPrincipal() principal: Principal,
    @Param() params: ProcessParams,
    @Query() query: ByOrgUnitQuery,
  ): Promise<ByOrgUnitAnswer> {
    return this.analytics.byOrgUnit(principal, params.bpmnProcessId, query, query.level ?? 'district');
  }

  @Get('breaches')
  @ApiOperation({ summary: '超时：超过目标时长的实例与环节、超过截止时间的人工任务，附超时多久' })
  @CsvExport<BreachesAnswer, BreachItem>({ columns: BREACH_COLUMNS, rows: (answer) => answer.items, fileName: named('breaches', '超时') })
  breaches(
    @CurrentPrincipal() principal: Principal,
    @Param() params: ProcessParams,
    @Query() query: BreachesQuery,
  ): Promise<BreachesAnswer> {
    return this.analytics.breaches(principal, params.bpmnProcessId, query);
  }

  @Get('histogram')
  @ApiOperation({
    summary: '已办结实例（或某环节）的耗时分布：对数刻度的区间 [lowerMs, upperMs]（整毫秒，含两端）及数量，至多 40 个区间',
  })
  @ApiOkResponse({ description: '{elementId: string|null, count, buckets: [{lowerMs, upperMs, count}]}' })
  @CsvExport<HistogramAnswer, HistogramAnswer['buckets'][number]>({
    columns: HISTOGRAM_COLUMNS,
    rows: (answer) => answer.buckets,
    fileName: named('histogram', '耗时分布'),
  })
  histogram(
    @CurrentPrincipal() principal: Principal,
    @Param() params: ProcessParams,
    @Query() query: HistogramQuery,
  ): Promise<HistogramAnswer> {
    return this.analytics.histogram(principal, params.bpmnProcessId, query);
  }

  @Get('slowest')
  @ApiOperation({ summary: '耗时最长的已办结实例（或某环节的实例），最长的在前' })
  @ApiOkResponse({ description: '[{processInstanceKey, orgUnitId, orgUnitName, startedAt, durationMs}]' })
  @CsvExport<SlowestItem[], SlowestItem>({ columns: SLOWEST_COLUMNS, rows: (items) => items, fileName: named('slowest', '耗时最长') })
  slowest(@CurrentPrincipal() principal: Principal, @Param() params: ProcessParams, @Query() query: SlowestQuery): Promise<SlowestItem[]> {
    return this.analytics.slowest(principal, params.bpmnProcessId, query);
  }

  @Get('targets')
  @ApiOperation({ summary: '各环节的目标时长（环节 id 等于流程 id 的一行是整个流程的目标）' })
  @CsvExport<TargetItem[], TargetItem>({ columns: TARGET_COLUMNS, rows: (items) => items, fileName: named('targets', '目标时长') })
  // The query is validated (format, and no unknown parameters) like every other endpoint's.
  targets(
    @CurrentPrincipal() principal: Principal,
    @Param() params: ProcessParams,
    @Query() _query: AnalyticsQuery,
  ): Promise<TargetItem[]> {
    return this.analytics.targets(principal, params.bpmnProcessId);
  }

  @Put('targets/:elementId')
  @ApiOperation({ summary: '设置一个环节（或整个流程）的目标时长（市级管理员）' })
  setTarget(@CurrentPrincipal() principal: Principal, @Param() params: TargetParams, @Body() body: SetTargetBody): Promise<TargetItem> {
    return this.analytics.setTarget(principal, params.bpmnProcessId, params.elementId, body.targetMs);
  }
}
