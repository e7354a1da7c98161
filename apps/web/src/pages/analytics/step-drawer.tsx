/**
 * A step picked on the heat map: its figures, the distribution of its durations, its
 * slowest runs (linked to the instance), and — for city admins — its target duration.
 */
import { Alert, App, Button, Descriptions, Drawer, Empty, InputNumber, Select, Skeleton, Space, Table, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { errorMessage } from '../../api/client';
import type { AnalyticsFilters, AnalyticsSlowInstance, AnalyticsTarget, ElementDurations } from '../../api/types';
import { useLoad } from '../../api/use-load';
import { useAuth } from '../../auth/auth-context';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { histogramOption } from './chart-options';
import { formatDurationMs, msToTarget, TARGET_UNITS, targetToMs, type TargetUnit } from './duration-format';
import { EChart } from './echart';
import { InstanceLink } from './instance-link';

export function StepDrawer({
  processId,
  filters,
  step,
  target,
  canSetTarget,
  onClose,
  onTargetSaved,
}: {
  readonly processId: string;
  readonly filters: AnalyticsFilters;
  readonly step: ElementDurations | undefined;
  readonly target: AnalyticsTarget | undefined;
  readonly canSetTarget: boolean;
  readonly onClose: () => void;
  readonly onTargetSaved: () => void;
}) {
  const { api } = useAuth();
  const elementId = step?.elementId;
  const histogram = useLoad(
    (signal) => (elementId ? api.analyticsHistogram(processId, filters, elementId, signal) : Promise.resolve(undefined)),
    [api, processId, filters, elementId],
  );
  const slowest = useLoad(
    (signal) => (elementId ? api.analyticsSlowest(processId, filters, elementId, signal) : Promise.resolve(undefined)),
    [api, processId, filters, elementId],
  );
  const chart = useMemo(() => (histogram.data ? histogramOption(histogram.data) : undefined), [histogram.data]);

  return (
    <Drawer
      open={step !== undefined}
      onClose={onClose}
      title={step ? `环节：${step.name}` : '环节'}
      size={560}
      destroyOnHidden
      data-testid="step-drawer"
    >
      {step && (
        <>
          <Descriptions column={2} size="small" bordered data-testid="step-figures">
            <Descriptions.Item label="已完成">{formatNumber(step.count)} 次</Descriptions.Item>
            <Descriptions.Item label="进行中">{formatNumber(step.active)} 次</Descriptions.Item>
            <Descriptions.Item label="中位耗时">{formatDurationMs(step.p50)}</Descriptions.Item>
            <Descriptions.Item label="平均耗时">{formatDurationMs(step.mean)}</Descriptions.Item>
            <Descriptions.Item label="P90">{formatDurationMs(step.p90)}</Descriptions.Item>
            <Descriptions.Item label="P99">{formatDurationMs(step.p99)}</Descriptions.Item>
            {step.waiting && <Descriptions.Item label="等待认领（中位）">{formatDurationMs(step.waiting.p50)}</Descriptions.Item>}
            {step.working && <Descriptions.Item label="办理（中位）">{formatDurationMs(step.working.p50)}</Descriptions.Item>}
            <Descriptions.Item label="目标时长" span={2}>
              {target ? formatDurationMs(target.targetMs) : '未设置'}
            </Descriptions.Item>
          </Descriptions>

          <Typography.Title level={2} className="rp-analytics-subtitle">
            耗时分布
          </Typography.Title>
          {histogram.status === 'failed' ? (
            <Alert type="error" showIcon title={`耗时分布加载失败：${histogram.error.message}`} />
          ) : !histogram.data ? (
            <Skeleton active paragraph={{ rows: 4 }} />
          ) : histogram.data.count === 0 ? (
            <Empty description="所选期间内此环节没有已完成的记录" />
          ) : (
            chart && <EChart option={chart} height={240} label={`环节“${step.name}”的耗时分布`} testId="step-histogram" />
          )}

          <Typography.Title level={2} className="rp-analytics-subtitle">
            最慢的 10 个实例
          </Typography.Title>
          {slowest.status === 'failed' ? (
            <Alert type="error" showIcon title={`最慢实例加载失败：${slowest.error.message}`} />
          ) : (
            <Table<AnalyticsSlowInstance>
              size="small"
              rowKey="processInstanceKey"
              loading={slowest.status === 'loading'}
              dataSource={slowest.data ? [...slowest.data] : []}
              pagination={false}
              locale={{ emptyText: '没有已完成的记录' }}
              data-testid="step-slowest"
              columns={[
                { title: '流程实例', key: 'key', render: (_, r) => <InstanceLink processInstanceKey={r.processInstanceKey} /> },
                { title: '单位', key: 'unit', render: (_, r) => r.orgUnitName ?? r.orgUnitId ?? '—' },
                { title: '开始', key: 'start', render: (_, r) => formatDateTime(r.startedAt) },
                { title: '耗时', key: 'duration', render: (_, r) => formatDurationMs(r.durationMs) },
              ]}
            />
          )}

          {canSetTarget && <TargetForm processId={processId} elementId={step.elementId} target={target} onSaved={onTargetSaved} />}
        </>
      )}
    </Drawer>
  );
}

function TargetForm({
  processId,
  elementId,
  target,
  onSaved,
}: {
  readonly processId: string;
  readonly elementId: string;
  readonly target: AnalyticsTarget | undefined;
  readonly onSaved: () => void;
}) {
  const { api } = useAuth();
  const { message } = App.useApp();
  const initial = target ? msToTarget(target.targetMs) : { amount: undefined, unit: 'hour' as TargetUnit };
  const [amount, setAmount] = useState<number | null | undefined>(initial.amount);
  const [unit, setUnit] = useState<TargetUnit>(initial.unit);
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    setAmount(initial.amount);
    setUnit(initial.unit);
    // Reset when another step or a newly saved target comes in.
  }, [elementId, target?.targetMs]);

  const save = async () => {
    if (amount === null || amount === undefined || amount <= 0) {
      setError('请填写大于 0 的目标时长');
      return;
    }
    setSaving(true);
    setError(undefined);
    try {
      await api.setAnalyticsTarget(processId, elementId, targetToMs(amount, unit));
      void message.success('目标时长已保存');
      onSaved();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="rp-analytics-target" aria-labelledby="rp-target-title">
      <Typography.Title level={2} className="rp-analytics-subtitle" id="rp-target-title">
        设置目标时长
      </Typography.Title>
      <Typography.Paragraph type="secondary">全市统一执行；超过目标时长的办理记入“超时”。</Typography.Paragraph>
      <Space.Compact>
        <InputNumber
          aria-label="目标时长"
          min={0}
          step={1}
          value={amount}
          onChange={(value) => setAmount(value)}
          status={error ? 'error' : undefined}
          style={{ width: 140 }}
        />
        <Select
          aria-label="时长单位"
          value={unit}
          onChange={setUnit}
          options={TARGET_UNITS.map((u) => ({ value: u.value, label: u.label }))}
          style={{ width: 90 }}
        />
        <Button type="primary" onClick={() => void save()} loading={saving}>
          保存目标
        </Button>
      </Space.Compact>
      {error && (
        <div className="rp-analytics-target-error" role="alert">
          {error}
        </div>
      )}
    </section>
  );
}
