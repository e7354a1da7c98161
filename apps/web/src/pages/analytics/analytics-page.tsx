/**
 * 统计分析: how long a procedure takes, where it waits, which units are slow and what ran
 * late — for analysts and admins, over their own subtree. Filters: procedure, months,
 * unit, version. Figures from /api/analytics (docs/analytics.md); the diagram from
 * /api/process-definitions.
 */
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Result,
  Row,
  Segmented,
  Select,
  Skeleton,
  Space,
  Statistic,
  Table,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import type {
  AnalyticsBreach,
  AnalyticsBreaches,
  AnalyticsFilters,
  AnalyticsLevel,
  AnalyticsTarget,
  AnalyticsUnitRow,
  ElementDurations,
  OrgUnit,
} from '../../api/types';
import { useLoad } from '../../api/use-load';
import { useAuth, useMe } from '../../auth/auth-context';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { PageHeader } from '../../layout/page-header';
import { buildOrgTree, type OrgTreeNode } from '../../org/org-tree';
import {
  analyticsUnits,
  breachesByElement,
  canReadAnalytics,
  canSetTargets,
  compareFigures,
  defaultLevel,
  isTimedStep,
  scopeLevel,
  shareColor,
} from './analytics-model';
import './analytics.css';
import { BpmnHeatmap } from './bpmn-heatmap';
import { histogramOption, trendOption } from './chart-options';
import { downloadCsv, type CsvReport } from './csv-download';
import { formatDurationMs, formatLateness, monthRangeQuery } from './duration-format';
import { EChart } from './echart';
import { InstanceDrawer } from './instance-drawer';
import { InstanceLink } from './instance-link';
import { loadProcessChoices, loadProcessXml, type ProcessChoice } from './process-choices';
import { StepDrawer } from './step-drawer';

const LEVEL_OPTIONS: readonly { readonly value: AnalyticsLevel; readonly label: string }[] = [
  { value: 'district', label: '区' },
  { value: 'street', label: '街道' },
  { value: 'community', label: '社区' },
];
const REASON_NAMES = { target: '超过目标时长', dueDate: '超过截止时间' } as const;
const KIND_NAMES = { instance: '整个流程', element: '环节' } as const;

type MonthRange = readonly [Dayjs, Dayjs];

/** The current month and the eleven before it. */
function lastTwelveMonths(): MonthRange {
  const now = dayjs();
  return [now.subtract(11, 'month').startOf('month'), now.startOf('month')];
}

export default function AnalyticsPage() {
  const me = useMe();
  if (!canReadAnalytics(me)) {
    return <Result status="403" title="无权查看统计分析" subTitle="统计分析仅对数据分析员和管理员开放。" />;
  }
  return <AnalyticsView />;
}

function AnalyticsView() {
  const me = useMe();
  const { api } = useAuth();
  const [search, setSearch] = useSearchParams();
  const processes = useLoad((signal) => loadProcessChoices(api, signal), [api]);
  const allUnits = useLoad((signal) => api.orgUnits(signal), [api]);
  const units = useMemo(() => analyticsUnits(me, allUnits.data ?? []), [me, allUnits.data]);

  const processId = search.get('process') ?? processes.data?.[0]?.bpmnProcessId;
  const process = processes.data?.find((p) => p.bpmnProcessId === processId);
  const [months, setMonths] = useState<MonthRange | null>(lastTwelveMonths);
  const [orgUnit, setOrgUnit] = useState<string>();
  const [version, setVersion] = useState<number>();

  const filters = useMemo<AnalyticsFilters>(() => {
    const period = months
      ? monthRangeQuery({ year: months[0].year(), month: months[0].month() + 1 }, { year: months[1].year(), month: months[1].month() + 1 })
      : {};
    return { ...period, orgUnit, version };
  }, [months, orgUnit, version]);

  const chooseProcess = (id: string) => {
    setVersion(undefined);
    setSearch({ process: id }, { replace: true });
  };

  if (processes.status === 'failed') {
    return (
      <>
        <PageHeader title="统计分析" />
        <Alert
          type="error"
          showIcon
          title={`流程列表加载失败：${processes.error.message}`}
          action={<Button onClick={processes.reload}>重试</Button>}
        />
      </>
    );
  }

  return (
    <>
      <PageHeader
        title="统计分析"
        description="流程办理耗时、各环节等待、各单位对比与超时情况。数据每 5 秒从流程引擎同步一次，仅含您可分析范围内的单位。"
      />
      <Card className="rp-section rp-analytics-filters" size="small">
        <div className="rp-analytics-filter-row" role="group" aria-label="筛选条件">
          <label className="rp-analytics-filter">
            <span>流程</span>
            <Select
              aria-label="流程"
              data-testid="analytics-process"
              loading={processes.status === 'loading'}
              value={processId}
              onChange={chooseProcess}
              placeholder="选择流程"
              showSearch={{ optionFilterProp: 'label' }}
              options={(processes.data ?? []).map((p) => ({ value: p.bpmnProcessId, label: p.name }))}
              style={{ minWidth: 220 }}
              popupMatchSelectWidth={false}
            />
          </label>
          <label className="rp-analytics-filter">
            <span>期间</span>
            <DatePicker.RangePicker
              picker="month"
              aria-label="期间"
              value={months ? [months[0], months[1]] : null}
              onChange={(range) => setMonths(range?.[0] && range[1] ? [range[0], range[1]] : null)}
              allowClear
              placeholder={['开始月份', '结束月份']}
              format="YYYY年M月"
              presets={[
                { label: '近 12 个月', value: [...lastTwelveMonths()] as [Dayjs, Dayjs] },
                { label: '本年', value: [dayjs().startOf('year'), dayjs().startOf('month')] },
                { label: '上月', value: [dayjs().subtract(1, 'month').startOf('month'), dayjs().subtract(1, 'month').startOf('month')] },
              ]}
            />
          </label>
          <label className="rp-analytics-filter">
            <span>单位</span>
            <UnitFilter units={units} value={orgUnit} onChange={setOrgUnit} />
          </label>
          <label className="rp-analytics-filter">
            <span>版本</span>
            <Select
              aria-label="版本"
              value={version ?? 0}
              onChange={(v: number) => setVersion(v === 0 ? undefined : v)}
              options={[
                { value: 0, label: '全部版本' },
                ...(process?.versions ?? []).map((v) => ({ value: v.version, label: `第 ${v.version} 版` })),
              ]}
              style={{ width: 120 }}
            />
          </label>
        </div>
      </Card>
      {processes.data && processes.data.length === 0 && <Empty description="尚未部署任何流程" />}
      {processes.data && processId && !process && (
        <Alert type="warning" showIcon title={`没有已部署的流程“${processId}”，请在上方重新选择流程`} />
      )}
      {process && <ProcessAnalytics key={process.bpmnProcessId} process={process} filters={filters} units={units} />}
      {!process && processes.status === 'loading' && <Skeleton active />}
    </>
  );
}

interface UnitNode {
  readonly value: string;
  readonly title: string;
  readonly children: UnitNode[];
}

/** The org-unit filter: the caller's analysable subtree (down to 社区), cleared = all of it. */
function UnitFilter({
  units,
  value,
  onChange,
}: {
  readonly units: readonly OrgUnit[];
  readonly value: string | undefined;
  readonly onChange: (value: string | undefined) => void;
}) {
  const treeData = useMemo(() => {
    const toNode = (node: OrgTreeNode): UnitNode => ({
      value: node.unit.id,
      title: `${node.unit.name}（${node.unit.levelName}）`,
      children: node.children.filter((c) => c.unit.level !== 'grid' && c.unit.level !== 'compound').map(toNode),
    });
    return buildOrgTree(units).map(toNode);
  }, [units]);
  return (
    <TreeSelect
      aria-label="单位"
      value={value}
      onChange={(v: string | undefined) => onChange(v ?? undefined)}
      treeData={treeData}
      allowClear
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandAll
      placeholder="全部（本人可分析范围）"
      popupMatchSelectWidth={false}
      style={{ minWidth: 220 }}
      styles={{ popup: { root: { maxHeight: 400, overflow: 'auto' } } }}
    />
  );
}

function ProcessAnalytics({
  process,
  filters,
  units,
}: {
  readonly process: ProcessChoice;
  readonly filters: AnalyticsFilters;
  readonly units: readonly OrgUnit[];
}) {
  const me = useMe();
  const { api } = useAuth();
  const { message } = App.useApp();
  const processId = process.bpmnProcessId;
  const durations = useLoad((signal) => api.analyticsDurations(processId, filters, signal), [api, processId, filters]);
  const trend = useLoad((signal) => api.analyticsTrend(processId, filters, signal), [api, processId, filters]);
  const histogram = useLoad((signal) => api.analyticsHistogram(processId, filters, undefined, signal), [api, processId, filters]);
  const breaches = useLoad((signal) => api.analyticsBreaches(processId, filters, signal), [api, processId, filters]);
  const targets = useLoad((signal) => api.analyticsTargets(processId, signal), [api, processId]);
  const definitionKey = (filters.version ? process.versions.find((v) => v.version === filters.version) : process.versions[0])
    ?.processDefinitionKey;
  const xml = useLoad(
    (signal) => (definitionKey ? loadProcessXml(api, definitionKey, signal) : Promise.resolve(undefined)),
    [api, definitionKey],
  );

  const naturalLevel = defaultLevel(scopeLevel(me, units, filters.orgUnit));
  const [level, setLevel] = useState<AnalyticsLevel>(naturalLevel);
  useEffect(() => setLevel(naturalLevel), [naturalLevel]);
  const byUnit = useLoad((signal) => api.analyticsByOrgUnit(processId, filters, level, signal), [api, processId, filters, level]);

  const [selected, setSelected] = useState<string>();
  const targetMap = useMemo(() => new Map((targets.data ?? []).map((t) => [t.elementId, t])), [targets.data]);
  const breachMap = useMemo(() => breachesByElement(breaches.data), [breaches.data]);
  const steps = useMemo(() => (durations.data?.byElement ?? []).filter((e) => isTimedStep(e.elementType)), [durations.data]);
  const range = useMemo(() => {
    const medians = steps.flatMap((s) => (s.p50 === null ? [] : [s.p50]));
    return medians.length > 0 ? { min: Math.min(...medians), max: Math.max(...medians) } : undefined;
  }, [steps]);
  const histogramChart = useMemo(() => (histogram.data ? histogramOption(histogram.data) : undefined), [histogram.data]);
  const trendChart = useMemo(() => (trend.data ? trendOption(trend.data) : undefined), [trend.data]);

  const exportCsv = useCallback(
    async (report: CsvReport, extra: Record<string, string> = {}) => {
      try {
        const name = await downloadCsv(processId, report, { ...filters, ...extra });
        void message.success(`已导出 ${name}`);
      } catch (caught) {
        void message.error(caught instanceof Error ? caught.message : errorMessage(caught));
      }
    },
    [processId, filters, message],
  );
  const csvButton = (report: CsvReport, label: string, extra?: Record<string, string>) => (
    <Button size="small" icon={<DownloadOutlined />} onClick={() => void exportCsv(report, extra)} aria-label={`导出${label} CSV`}>
      导出 CSV
    </Button>
  );

  if (durations.status === 'failed' && !durations.data) {
    return (
      <Alert
        type="error"
        showIcon
        title={`统计数据加载失败：${durations.error.message}`}
        action={
          <Button icon={<ReloadOutlined />} onClick={durations.reload}>
            重试
          </Button>
        }
      />
    );
  }
  const figures = durations.data;
  const empty = figures !== undefined && figures.count === 0;

  return (
    <>
      <Card
        className="rp-section"
        title={`${process.name} · 总体`}
        extra={csvButton('durations', '耗时')}
        loading={!figures}
        data-testid="analytics-headline"
      >
        {figures && (
          <Row gutter={[16, 16]} className="rp-analytics-kpis">
            <Kpi label="发起" value={`${formatNumber(figures.count)} 件`} testId="kpi-count" />
            <Kpi label="进行中" value={`${formatNumber(figures.running)} 件`} testId="kpi-running" />
            <Kpi label="已办结" value={`${formatNumber(figures.completed)} 件`} testId="kpi-completed" />
            <Kpi label="平均耗时" value={formatDurationMs(figures.mean)} testId="kpi-mean" />
            <Kpi label="中位耗时 P50" value={formatDurationMs(figures.p50)} testId="kpi-p50" />
            <Kpi label="P90" value={formatDurationMs(figures.p90)} testId="kpi-p90" />
            <Kpi label="P99" value={formatDurationMs(figures.p99)} testId="kpi-p99" />
          </Row>
        )}
      </Card>
      {empty ? (
        <Card className="rp-section">
          <Empty description="所选期间和单位内没有该流程的实例" data-testid="analytics-empty" />
        </Card>
      ) : (
        <>
          <Row gutter={[16, 16]} className="rp-section">
            <Col xs={24} xl={12}>
              <Card title="办结耗时分布" size="small" className="rp-analytics-chart-card">
                <Section state={histogram} empty={histogram.data?.count === 0} emptyText="没有已办结的实例">
                  {histogramChart && (
                    <EChart option={histogramChart} height={280} label="整个流程办结耗时的分布" testId="histogram-chart" />
                  )}
                </Section>
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card
                title="按月趋势"
                size="small"
                extra={csvButton('trend', '趋势', { bucket: 'month' })}
                className="rp-analytics-chart-card"
              >
                <Section state={trend} empty={trend.data?.buckets.length === 0} emptyText="所选期间内没有数据">
                  {trendChart && (
                    <EChart option={trendChart} height={280} label="每月发起数、办结数与耗时 P50、P90 的趋势" testId="trend-chart" />
                  )}
                </Section>
              </Card>
            </Col>
          </Row>

          <Card className="rp-section" title="流程热力图" extra={csvButton('targets', '目标时长')} data-testid="analytics-heatmap">
            <Typography.Paragraph type="secondary">
              每个环节按其中位耗时着色，点击环节查看耗时分布与最慢的实例{canSetTargets(me) ? '，并可设置目标时长' : ''}。
            </Typography.Paragraph>
            {xml.status === 'failed' ? (
              <Alert type="warning" showIcon title={`流程图无法加载：${xml.error.message}`} />
            ) : xml.data ? (
              <BpmnHeatmap xml={xml.data} steps={steps} range={range} breaches={breachMap} selected={selected} onSelect={setSelected} />
            ) : xml.status === 'loading' ? (
              <Skeleton active paragraph={{ rows: 6 }} />
            ) : (
              <Alert type="info" showIcon title="没有该流程的流程图" />
            )}
            <HeatLegend range={range} />
            <StepTable steps={steps} targets={targetMap} breaches={breachMap} onSelect={setSelected} loading={!figures} />
          </Card>

          <Card
            className="rp-section"
            title="各单位对比"
            extra={
              <Space wrap>
                <Segmented<AnalyticsLevel>
                  aria-label="对比层级"
                  value={level}
                  onChange={setLevel}
                  options={LEVEL_OPTIONS.map((o) => ({ value: o.value, label: o.label }))}
                />
                {csvButton('by-org-unit', '各单位对比', { level })}
              </Space>
            }
          >
            <UnitTable state={byUnit} />
          </Card>

          <Card className="rp-section" title="超时" extra={csvButton('breaches', '超时')} data-testid="analytics-breaches">
            <BreachesSection state={breaches} xml={xml.data} />
          </Card>
        </>
      )}
      <StepDrawer
        processId={processId}
        filters={filters}
        step={steps.find((s) => s.elementId === selected)}
        target={selected ? targetMap.get(selected) : undefined}
        canSetTarget={canSetTargets(me)}
        onClose={() => setSelected(undefined)}
        onTargetSaved={() => {
          targets.reload();
          breaches.reload();
        }}
      />
    </>
  );
}

function Kpi({ label, value, testId }: { readonly label: string; readonly value: string; readonly testId: string }) {
  return (
    <Col xs={12} sm={8} md={6} xl={3} flex="auto">
      <Statistic title={label} value={value} data-testid={testId} />
    </Col>
  );
}

/** Loading, error and empty states of one section, in Chinese. */
function Section<T>({
  state,
  empty,
  emptyText,
  children,
}: {
  readonly state: {
    readonly status: string;
    readonly data?: T;
    readonly error?: { readonly message: string };
    readonly reload: () => void;
  };
  readonly empty: boolean | undefined;
  readonly emptyText: string;
  readonly children: React.ReactNode;
}) {
  if (state.status === 'failed' && state.data === undefined) {
    return (
      <Alert
        type="error"
        showIcon
        title={`加载失败：${state.error?.message ?? '请稍后重试'}`}
        action={
          <Button size="small" onClick={state.reload}>
            重试
          </Button>
        }
      />
    );
  }
  if (state.data === undefined) return <Skeleton active paragraph={{ rows: 5 }} />;
  if (empty) return <Empty description={emptyText} />;
  return <>{children}</>;
}

function HeatLegend({ range }: { readonly range: { readonly min: number; readonly max: number } | undefined }) {
  if (!range) return null;
  const stops = [0, 0.25, 0.5, 0.75, 1].map(shareColor);
  return (
    <div className="rp-heat-legend" data-testid="heat-legend">
      <span>中位耗时</span>
      <span>{formatDurationMs(range.min)}</span>
      <span className="rp-heat-legend-bar" style={{ background: `linear-gradient(to right, ${stops.join(', ')})` }} aria-hidden />
      <span>{formatDurationMs(range.max)}</span>
      <span className="rp-heat-breach rp-heat-breach-inline">超时 次数</span>
      <span>超过目标时长或截止时间的次数</span>
    </div>
  );
}

function StepTable({
  steps,
  targets,
  breaches,
  onSelect,
  loading,
}: {
  readonly steps: readonly ElementDurations[];
  readonly targets: ReadonlyMap<string, AnalyticsTarget>;
  readonly breaches: ReadonlyMap<string, number>;
  readonly onSelect: (elementId: string) => void;
  readonly loading: boolean;
}) {
  const columns: ColumnsType<ElementDurations> = [
    {
      title: '环节',
      key: 'name',
      render: (_, s) => (
        <Button type="link" className="rp-analytics-step-link" onClick={() => onSelect(s.elementId)}>
          {s.name}
        </Button>
      ),
    },
    { title: '已完成', key: 'count', align: 'right', render: (_, s) => formatNumber(s.count) },
    { title: '进行中', key: 'active', align: 'right', responsive: ['md'], render: (_, s) => formatNumber(s.active) },
    {
      title: '中位耗时',
      key: 'p50',
      sorter: (a, b) => compareFigures(a.p50, b.p50),
      defaultSortOrder: 'descend',
      render: (_, s) => formatDurationMs(s.p50),
    },
    { title: 'P90', key: 'p90', sorter: (a, b) => compareFigures(a.p90, b.p90), render: (_, s) => formatDurationMs(s.p90) },
    {
      title: '等待认领 / 办理（中位）',
      key: 'split',
      responsive: ['lg'],
      render: (_, s) => (s.waiting && s.working ? `${formatDurationMs(s.waiting.p50)} / ${formatDurationMs(s.working.p50)}` : '—'),
    },
    {
      title: '目标时长',
      key: 'target',
      render: (_, s) => (targets.get(s.elementId) ? formatDurationMs(targets.get(s.elementId)?.targetMs) : '—'),
    },
    {
      title: '超时',
      key: 'breaches',
      align: 'right',
      render: (_, s) => (breaches.get(s.elementId) ? <Tag color="red">{formatNumber(breaches.get(s.elementId))} 次</Tag> : '—'),
    },
  ];
  return (
    <Table<ElementDurations>
      className="rp-analytics-steps"
      size="small"
      rowKey="elementId"
      loading={loading}
      columns={columns}
      dataSource={[...steps]}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: '没有环节数据' }}
      data-testid="step-table"
    />
  );
}

function UnitTable({ state }: { readonly state: ReturnType<typeof useLoad<{ readonly units: readonly AnalyticsUnitRow[] }>> }) {
  const columns: ColumnsType<AnalyticsUnitRow> = [
    {
      title: '单位',
      key: 'name',
      render: (_, u) => u.name ?? u.orgUnitId,
      sorter: (a, b) => (a.name ?? '').localeCompare(b.name ?? '', 'zh-CN'),
    },
    { title: '发起', key: 'count', align: 'right', sorter: (a, b) => a.count - b.count, render: (_, u) => formatNumber(u.count) },
    { title: '进行中', key: 'running', align: 'right', sorter: (a, b) => a.running - b.running, render: (_, u) => formatNumber(u.running) },
    {
      title: '已办结',
      key: 'completed',
      align: 'right',
      sorter: (a, b) => a.completed - b.completed,
      render: (_, u) => formatNumber(u.completed),
    },
    { title: '平均耗时', key: 'mean', sorter: (a, b) => compareFigures(a.mean, b.mean), render: (_, u) => formatDurationMs(u.mean) },
    { title: '中位耗时', key: 'p50', sorter: (a, b) => compareFigures(a.p50, b.p50), render: (_, u) => formatDurationMs(u.p50) },
    {
      title: 'P90',
      key: 'p90',
      sorter: (a, b) => compareFigures(a.p90, b.p90),
      defaultSortOrder: 'descend',
      render: (_, u) => formatDurationMs(u.p90),
    },
    {
      title: 'P99',
      key: 'p99',
      responsive: ['md'],
      sorter: (a, b) => compareFigures(a.p99, b.p99),
      render: (_, u) => formatDurationMs(u.p99),
    },
  ];
  if (state.status === 'failed' && !state.data) return <Alert type="error" showIcon title={`加载失败：${state.error.message}`} />;
  return (
    <Table<AnalyticsUnitRow>
      size="small"
      rowKey="orgUnitId"
      loading={state.status === 'loading'}
      columns={columns}
      dataSource={state.data ? [...state.data.units] : []}
      pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (total) => `共 ${formatNumber(total)} 个单位` }}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: '该层级没有单位数据' }}
      data-testid="unit-table"
    />
  );
}

function BreachesSection({
  state,
  xml,
}: {
  readonly state: ReturnType<typeof useLoad<AnalyticsBreaches>>;
  /** The diagram the instance drawer marks the late steps on. */
  readonly xml: string | undefined;
}) {
  // Analysts may not open 流程实例: a breach's instance opens its late steps here instead.
  const [openInstance, setOpenInstance] = useState<string>();
  if (state.status === 'failed' && !state.data) return <Alert type="error" showIcon title={`加载失败：${state.error.message}`} />;
  if (!state.data) return <Skeleton active />;
  const data = state.data;
  if (data.total === 0) return <Empty description="所选期间内没有超时" image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  const columns: ColumnsType<AnalyticsBreach> = [
    {
      title: '流程实例',
      key: 'instance',
      render: (_, b) => <InstanceLink processInstanceKey={b.processInstanceKey} onOpen={setOpenInstance} />,
    },
    { title: '环节', key: 'step', render: (_, b) => (b.kind === 'instance' ? KIND_NAMES.instance : b.name) },
    { title: '原因', key: 'reason', render: (_, b) => REASON_NAMES[b.reason] },
    { title: '单位', key: 'unit', responsive: ['md'], render: (_, b) => b.orgUnitName ?? b.orgUnitId ?? '—' },
    { title: '截止时间', key: 'deadline', responsive: ['lg'], render: (_, b) => formatDateTime(b.deadline) },
    {
      title: '超时多久',
      key: 'late',
      sorter: (a, b) => a.lateMs - b.lateMs,
      defaultSortOrder: 'descend',
      render: (_, b) => <Typography.Text type="danger">{formatLateness(b.lateMs)}</Typography.Text>,
    },
    { title: '状态', key: 'state', render: (_, b) => (b.endedAt ? '已结束' : <Tag color="orange">仍在办理</Tag>) },
  ];
  return (
    <>
      <Typography.Paragraph>
        共 <Typography.Text strong>{formatNumber(data.total)}</Typography.Text> 次超时：
        {data.summary
          .map((s) => `${s.kind === 'instance' ? KIND_NAMES.instance : s.name}${REASON_NAMES[s.reason]} ${formatNumber(s.count)} 次`)
          .join('；')}
      </Typography.Paragraph>
      <Table<AnalyticsBreach>
        size="small"
        rowKey={(b) => `${b.reason}:${b.elementInstanceKey ?? b.processInstanceKey}`}
        columns={columns}
        dataSource={[...data.items]}
        pagination={{ pageSize: 10, hideOnSinglePage: true, showTotal: (total) => `列出 ${formatNumber(total)} 条（按超时长短）` }}
        scroll={{ x: 'max-content' }}
        data-testid="breach-table"
      />
      <InstanceDrawer processInstanceKey={openInstance} breaches={data.items} xml={xml} onClose={() => setOpenInstance(undefined)} />
    </>
  );
}
