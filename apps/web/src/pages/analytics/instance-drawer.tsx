/**
 * One process instance's late steps, for analysts: the page 流程实例 is for admins only, so
 * a breach row opens this drawer instead — each late step with its start, end, time taken,
 * deadline and lateness, and the diagram with those steps marked. It shows what the
 * breaches already loaded for the page say (GET /api/analytics/processes/:id/breaches).
 */
import { Descriptions, Drawer, Table, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import type { AnalyticsBreach } from '../../api/types';
import { ProcessDiagram } from '../../diagram/process-diagram';
import { formatDateTime } from '../../i18n/format';
import { instanceBreachRows, lateStepStyles, type InstanceBreachRow } from './analytics-model';
import { formatDurationMs, formatLateness } from './duration-format';

const REASON_NAMES = { target: '超过目标时长', dueDate: '超过截止时间' } as const;

export function InstanceDrawer({
  processInstanceKey,
  breaches,
  xml,
  onClose,
}: {
  /** The instance to show; undefined keeps the drawer closed. */
  readonly processInstanceKey: string | undefined;
  readonly breaches: readonly AnalyticsBreach[];
  readonly xml: string | undefined;
  readonly onClose: () => void;
}) {
  const rows = useMemo(
    () => (processInstanceKey ? instanceBreachRows(breaches, processInstanceKey, Date.now()) : []),
    [breaches, processInstanceKey],
  );
  const styles = useMemo(() => lateStepStyles(rows), [rows]);
  const first = rows[0];

  return (
    <Drawer
      open={processInstanceKey !== undefined}
      onClose={onClose}
      title={`流程实例 ${processInstanceKey ?? ''} 的超时`}
      size={640}
      destroyOnHidden
      data-testid="instance-drawer"
    >
      {first && (
        <>
          <Descriptions column={2} size="small" bordered>
            <Descriptions.Item label="流程实例" span={2}>
              <Typography.Text copyable={{ text: first.processInstanceKey, tooltips: ['复制', '已复制'] }}>
                {first.processInstanceKey}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label="单位">{first.orgUnitName ?? first.orgUnitId ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="超时">{rows.length} 处</Descriptions.Item>
          </Descriptions>
          <Typography.Paragraph type="secondary" className="rp-analytics-instance-note">
            流程实例的详细页面仅对管理员开放；这里列出所选期间内该实例的超时环节。
          </Typography.Paragraph>
          <Table<InstanceBreachRow>
            size="small"
            rowKey={(r) => `${r.reason}:${r.elementInstanceKey ?? r.processInstanceKey}`}
            dataSource={rows}
            pagination={false}
            scroll={{ x: 'max-content' }}
            data-testid="instance-steps"
            columns={[
              { title: '环节', key: 'step', render: (_, r) => (r.kind === 'instance' ? '整个流程' : r.name) },
              { title: '原因', key: 'reason', render: (_, r) => REASON_NAMES[r.reason] },
              { title: '开始', key: 'start', render: (_, r) => formatDateTime(r.startedAt) },
              { title: '结束', key: 'end', render: (_, r) => (r.endedAt ? formatDateTime(r.endedAt) : <Tag color="orange">仍在办理</Tag>) },
              { title: '用时', key: 'duration', render: (_, r) => formatDurationMs(r.durationMs) },
              { title: '截止时间', key: 'deadline', render: (_, r) => formatDateTime(r.deadline) },
              {
                title: '超时多久',
                key: 'late',
                render: (_, r) => <Typography.Text type="danger">{formatLateness(r.lateMs)}</Typography.Text>,
              },
            ]}
          />
          {xml && (
            <div className="rp-analytics-instance-diagram">
              <ProcessDiagram xml={xml} elementStyles={styles} height={320} label={`流程实例 ${first.processInstanceKey} 的超时环节`} />
            </div>
          )}
        </>
      )}
    </Drawer>
  );
}
