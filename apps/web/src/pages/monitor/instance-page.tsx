/**
 * One process instance (/monitor/instances/:key), for admins: where it stands on the
 * diagram (completed green, running blue, incidents red with a badge), its incidents with
 * 重试 and the variable fix, its variables, its tasks and the history of its steps, and
 * cancelling it. bpmn-js loads only for the diagram.
 */
import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Empty, InputNumber, Modal, Result, Space, Spin, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import type { ElementInstance, Incident, InstanceDetail, InstanceTask } from '../../api/types';
import { useLoad } from '../../api/use-load';
import { useAuth } from '../../auth/auth-context';
import { ProcessDiagram } from '../../diagram/process-diagram';
import { formatDateTime } from '../../i18n/format';
import { PageHeader } from '../../layout/page-header';
import {
  ELEMENT_STATE_LABELS,
  elementTypeLabel,
  errorTypeLabel,
  formatVariable,
  incidentOverlays,
  instanceMarkers,
  isEditableVariable,
  STATE_LABELS,
  TASK_STATE_LABELS,
} from './monitor-format';
import { VariableModal, type VariableEdit } from './variable-modal';
import './monitor.css';

interface VariableRow {
  readonly name: string;
  readonly value: unknown;
}

export default function InstancePage() {
  const { key = '' } = useParams();
  const { api } = useAuth();
  const { message, modal } = App.useApp();
  const detail = useLoad((signal) => api.processInstance(key, signal), [api, key]);
  const [editing, setEditing] = useState<VariableEdit>();
  const [retrying, setRetrying] = useState<Incident>();
  const [retries, setRetries] = useState<number | null>(1);
  const [busy, setBusy] = useState(false);
  const [selected, setSelected] = useState<string>();

  if (detail.status === 'failed' && !detail.data)
    return (
      <Result
        status={detail.error.status === 404 ? '404' : 'error'}
        title={detail.error.status === 404 ? '流程实例不存在' : '流程实例加载失败'}
        subTitle={detail.error.status === 404 ? '该实例不存在，或不在您管理的单位范围内。' : detail.error.message}
        extra={
          <Space>
            <Link to="/monitor/instances">返回流程实例</Link>
            {detail.error.status !== 404 && <Button onClick={detail.reload}>重新加载</Button>}
          </Space>
        }
      />
    );
  if (!detail.data)
    return (
      <div className="rp-page-loading" role="status">
        <Spin />
        <span className="rp-loading-text">正在加载流程实例…</span>
      </div>
    );

  const instance = detail.data;
  const running = instance.state === 'active' || instance.state === 'incident';

  const saveVariable = async (name: string, value: unknown) => {
    await api.setInstanceVariables(instance.processInstanceKey, { [name]: value });
    message.success(`已设置变量 ${name}`);
    detail.reload();
  };

  const resolve = async () => {
    if (!retrying) return;
    setBusy(true);
    try {
      await api.resolveIncident(retrying.key, retrying.jobKey ? (retries ?? 1) : undefined);
      message.success('已重试；原因仍在时会出现新的故障');
      setRetrying(undefined);
      detail.reload();
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  const confirmCancel = (): void => {
    modal.confirm({
      title: '取消这个流程实例？',
      content: '实例将立即终止，进行中的环节和待办任务一并取消，且无法恢复。',
      okText: '取消实例',
      okButtonProps: { danger: true },
      cancelText: '不取消',
      onOk: async () => {
        try {
          await api.cancelInstance(instance.processInstanceKey);
          message.success('流程实例已取消');
          detail.reload();
        } catch (error) {
          message.error(errorMessage(error));
        }
      },
    });
  };

  const title = `${instance.processName ?? instance.bpmnProcessId} · 实例 ${instance.processInstanceKey}`;
  return (
    <>
      <Link to="/monitor/instances" className="rp-monitor-back">
        <ArrowLeftOutlined /> 返回流程实例
      </Link>
      <PageHeader
        title={title}
        description={
          <Tag color={STATE_LABELS[instance.state].color} data-testid="instance-state" data-state={instance.state}>
            {STATE_LABELS[instance.state].label}
          </Tag>
        }
        extra={
          <Space>
            <Button icon={<ReloadOutlined />} onClick={detail.reload} loading={detail.status === 'loading'}>
              刷新
            </Button>
            {running && (
              <Button danger onClick={confirmCancel}>
                取消实例
              </Button>
            )}
          </Space>
        }
      />
      {detail.status === 'failed' && <Alert type="error" showIcon className="rp-section" title={`刷新失败：${detail.error.message}`} />}
      <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} className="rp-section" bordered>
        <Descriptions.Item label="流程">
          {instance.processName ?? instance.bpmnProcessId}（第 {instance.version} 版）
        </Descriptions.Item>
        <Descriptions.Item label="单位">{instance.orgUnit?.name ?? instance.orgUnit?.id ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="发起人">{instance.startedBy?.displayName ?? instance.startedBy?.username ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="发起时间">{formatDateTime(instance.startedAt)}</Descriptions.Item>
        <Descriptions.Item label="结束时间">{formatDateTime(instance.endedAt)}</Descriptions.Item>
        <Descriptions.Item label="流程 id">{instance.bpmnProcessId}</Descriptions.Item>
      </Descriptions>

      <Card title="流程图" size="small" className="rp-section">
        <InstanceDiagram instance={instance} selected={selected} onSelect={(id) => setSelected((s) => (s === id ? undefined : id))} />
      </Card>

      {instance.incidents.length > 0 && (
        <Card title={`故障（${instance.incidents.length}）`} size="small" className="rp-section" data-testid="incident-card">
          <IncidentTable
            incidents={instance.incidents}
            onRetry={(incident) => {
              setRetries(1);
              setRetrying(incident);
            }}
            onFix={() => setEditing({})}
          />
        </Card>
      )}

      <Card
        title="变量"
        size="small"
        className="rp-section"
        extra={
          running && (
            <Button size="small" onClick={() => setEditing({})}>
              设置变量
            </Button>
          )
        }
      >
        <VariableTable variables={instance.variables} editable={running} onEdit={(name, value) => setEditing({ name, value })} />
      </Card>

      <Card title="人工任务" size="small" className="rp-section">
        <TaskTable tasks={instance.tasks} />
      </Card>

      <Card
        title={selected ? `环节记录：${selected}` : '环节记录'}
        size="small"
        className="rp-section"
        extra={
          selected && (
            <Button size="small" onClick={() => setSelected(undefined)}>
              显示全部
            </Button>
          )
        }
      >
        <ElementTable elements={selected ? instance.elements.filter((e) => e.elementId === selected) : instance.elements} />
      </Card>

      <VariableModal edit={editing} onSave={saveVariable} onClose={() => setEditing(undefined)} />
      <Modal
        open={retrying !== undefined}
        title="重试故障"
        okText="重试"
        cancelText="取消"
        confirmLoading={busy}
        onOk={() => void resolve()}
        onCancel={() => setRetrying(undefined)}
      >
        {retrying && (
          <div className="rp-monitor-retry">
            <Typography.Text>
              环节：{retrying.elementName ?? retrying.elementId}（{errorTypeLabel(retrying.errorType)}）
            </Typography.Text>
            {retrying.jobKey ? (
              <Space>
                <span>作业重试次数</span>
                <InputNumber aria-label="重试次数" min={1} max={100} precision={0} value={retries} onChange={(v) => setRetries(v)} />
              </Space>
            ) : (
              <Typography.Text type="secondary">请先排除故障原因（如设置缺少的变量），再重试；原因仍在时会出现新的故障。</Typography.Text>
            )}
          </div>
        )}
      </Modal>
    </>
  );
}

function InstanceDiagram({
  instance,
  selected,
  onSelect,
}: {
  readonly instance: InstanceDetail;
  readonly selected: string | undefined;
  readonly onSelect: (elementId: string) => void;
}) {
  const { api } = useAuth();
  const definition = useLoad(
    (signal) => api.processDefinition(instance.processDefinitionKey, signal),
    [api, instance.processDefinitionKey],
  );
  const markers = useMemo(() => {
    const base = instanceMarkers(instance);
    return selected ? { ...base, [selected]: [...(base[selected] ? [base[selected]] : []), 'selected' as const] } : base;
  }, [instance, selected]);
  const overlays = useMemo(() => incidentOverlays(instance), [instance]);

  if (definition.status === 'failed') return <Alert type="warning" showIcon title={`流程图无法加载：${definition.error.message}`} />;
  if (!definition.data)
    return (
      <div className="rp-diagram-loading" role="status" style={{ position: 'static', height: 120 }}>
        <Spin />
        <span className="rp-loading-text">正在加载流程图…</span>
      </div>
    );
  return (
    <>
      <div className="rp-monitor-legend" aria-hidden>
        <span>
          <span className="rp-monitor-legend-swatch rp-monitor-legend-completed" />
          已完成
        </span>
        <span>
          <span className="rp-monitor-legend-swatch rp-monitor-legend-active" />
          进行中
        </span>
        <span>
          <span className="rp-monitor-legend-swatch rp-monitor-legend-incident" />
          故障
        </span>
        <Typography.Text type="secondary">点击环节查看其记录</Typography.Text>
      </div>
      <ProcessDiagram
        xml={definition.data.bpmnXml}
        markers={markers}
        overlays={overlays}
        onElementClick={onSelect}
        height={380}
        label={`${instance.processName ?? instance.bpmnProcessId}流程图`}
      />
    </>
  );
}

function IncidentTable({
  incidents,
  onRetry,
  onFix,
}: {
  readonly incidents: readonly Incident[];
  readonly onRetry: (incident: Incident) => void;
  readonly onFix: () => void;
}) {
  const columns: ColumnsType<Incident> = [
    { title: '环节', key: 'element', render: (_, i) => i.elementName ?? i.elementId },
    { title: '类型', key: 'type', render: (_, i) => <Tag color="red">{errorTypeLabel(i.errorType)}</Tag> },
    {
      title: '错误信息',
      key: 'message',
      render: (_, i) => <span className="rp-monitor-incident-message">{i.errorMessage || '—'}</span>,
    },
    { title: '发生时间', key: 'created', render: (_, i) => formatDateTime(i.createdAt) },
    {
      title: '操作',
      key: 'actions',
      width: 180,
      render: (_, i) => (
        <Space>
          <Button size="small" type="primary" onClick={() => onRetry(i)} aria-label={`重试 ${i.elementName ?? i.elementId} 的故障`}>
            重试
          </Button>
          <Button size="small" onClick={onFix}>
            修改变量
          </Button>
        </Space>
      ),
    },
  ];
  return <Table<Incident> rowKey="key" size="small" columns={columns} dataSource={[...incidents]} pagination={false} />;
}

function VariableTable({
  variables,
  editable,
  onEdit,
}: {
  readonly variables: Record<string, unknown>;
  readonly editable: boolean;
  readonly onEdit: (name: string, value: unknown) => void;
}) {
  const rows: VariableRow[] = Object.entries(variables)
    .map(([name, value]) => ({ name, value }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const columns: ColumnsType<VariableRow> = [
    { title: '变量名', dataIndex: 'name', key: 'name', width: 220 },
    { title: '值', key: 'value', render: (_, row) => <span className="rp-monitor-value">{formatVariable(row.value)}</span> },
    ...(editable
      ? [
          {
            title: '操作',
            key: 'actions',
            width: 90,
            render: (_: unknown, row: VariableRow) =>
              isEditableVariable(row.name) ? (
                <Button size="small" type="link" onClick={() => onEdit(row.name, row.value)} aria-label={`修改变量 ${row.name}`}>
                  修改
                </Button>
              ) : (
                <Typography.Text type="secondary" title="单位变量和发起人变量不能在此修改">
                  —
                </Typography.Text>
              ),
          },
        ]
      : []),
  ];
  return (
    <Table<VariableRow>
      rowKey="name"
      size="small"
      data-testid="variable-table"
      columns={columns}
      dataSource={rows}
      pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有变量" /> }}
    />
  );
}

function TaskTable({ tasks }: { readonly tasks: readonly InstanceTask[] }) {
  const columns: ColumnsType<InstanceTask> = [
    {
      title: '任务',
      key: 'name',
      render: (_, t) => (t.state === 'open' ? <Link to={`/tasks/${t.id}`}>{t.name}</Link> : t.name),
    },
    { title: '状态', key: 'state', render: (_, t) => TASK_STATE_LABELS[t.state] },
    { title: '办理人', key: 'assignee', render: (_, t) => t.assignee?.displayName ?? (t.state === 'open' ? '待认领' : '—') },
    { title: '候选组', key: 'groups', responsive: ['lg'], render: (_, t) => t.candidateGroups.join('、') || '—' },
    { title: '创建时间', key: 'created', render: (_, t) => formatDateTime(t.createdAt) },
    { title: '到期', key: 'due', responsive: ['lg'], render: (_, t) => formatDateTime(t.dueDate) },
    {
      title: '办结',
      key: 'completed',
      render: (_, t) => (t.completedAt ? `${formatDateTime(t.completedAt)} ${t.completedBy?.displayName ?? ''}` : '—'),
    },
  ];
  return (
    <Table<InstanceTask>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={[...tasks]}
      pagination={false}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="这个实例没有人工任务" /> }}
    />
  );
}

function ElementTable({ elements }: { readonly elements: readonly ElementInstance[] }) {
  const columns: ColumnsType<ElementInstance> = [
    { title: '环节', key: 'name', render: (_, e) => e.name ?? e.elementId },
    { title: '类型', key: 'type', render: (_, e) => elementTypeLabel(e.type) },
    { title: '状态', key: 'state', render: (_, e) => ELEMENT_STATE_LABELS[e.state] ?? e.state },
    { title: '开始', key: 'activated', render: (_, e) => formatDateTime(e.activatedAt) },
    { title: '结束', key: 'ended', render: (_, e) => formatDateTime(e.endedAt) },
  ];
  return (
    <Table<ElementInstance>
      rowKey="elementInstanceKey"
      size="small"
      columns={columns}
      dataSource={[...elements]}
      pagination={elements.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有环节记录" /> }}
    />
  );
}
