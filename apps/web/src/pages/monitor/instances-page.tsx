/**
 * 流程实例 (/monitor/instances), for admins: the process instances of the units they
 * manage, filtered by procedure, state, unit, start date and free text, newest first.
 * The filters live in the URL so a reload or a shared link keeps them.
 */
import { Alert, Button, DatePicker, Empty, Input, Select, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import type { InstanceSummary, OrgUnit } from '../../api/types';
import { useLoad } from '../../api/use-load';
import { useAuth } from '../../auth/auth-context';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { PageHeader } from '../../layout/page-header';
import { buildOrgTree, type OrgTreeNode } from '../../org/org-tree';
import { isInstanceState, STATE_LABELS, STATE_OPTIONS } from './monitor-format';
import './monitor.css';

const PAGE_SIZE = 20;
const DAY = 'YYYY-MM-DD';

interface UnitOption {
  readonly value: string;
  readonly title: string;
  readonly disabled: boolean;
  readonly children: UnitOption[];
}

const toUnitOption = (node: OrgTreeNode): UnitOption => ({
  value: node.unit.id,
  title: node.unit.name,
  disabled: !node.unit.manageable,
  children: node.children.map(toUnitOption),
});

export default function InstancesPage() {
  const { api } = useAuth();
  const [params, setParams] = useSearchParams();
  const bpmnProcessId = params.get('bpmnProcessId') ?? '';
  const stateParam = params.get('state');
  const state = isInstanceState(stateParam) ? stateParam : undefined;
  const orgUnit = params.get('orgUnit') ?? '';
  const startedFrom = params.get('startedFrom') ?? '';
  const startedTo = params.get('startedTo') ?? '';
  const q = params.get('q') ?? '';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const [search, setSearch] = useState(q);

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  };

  const instances = useLoad(
    (signal) =>
      api.processInstances(
        {
          bpmnProcessId: bpmnProcessId || undefined,
          state,
          orgUnit: orgUnit || undefined,
          startedFrom: startedFrom || undefined,
          startedTo: startedTo || undefined,
          q: q || undefined,
          page,
          pageSize: PAGE_SIZE,
        },
        signal,
      ),
    [api, bpmnProcessId, state, orgUnit, startedFrom, startedTo, q, page],
  );
  const definitions = useLoad((signal) => api.processDefinitions(undefined, signal), [api]);
  const units = useLoad((signal) => api.orgUnits(signal), [api]);

  // One option per procedure, named by its newest version.
  const procedureOptions = useMemo(() => {
    const names = new Map<string, string>();
    const newest = [...(definitions.data ?? [])].sort((a, b) => b.version - a.version);
    for (const d of newest) if (!names.has(d.bpmnProcessId)) names.set(d.bpmnProcessId, d.name ?? d.bpmnProcessId);
    if (bpmnProcessId && !names.has(bpmnProcessId)) names.set(bpmnProcessId, bpmnProcessId);
    return [...names].map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label, 'zh-CN'));
  }, [definitions.data, bpmnProcessId]);
  const unitTree = useMemo(() => buildOrgTree(units.data ?? ([] as OrgUnit[])).map(toUnitOption), [units.data]);

  const columns: ColumnsType<InstanceSummary> = [
    {
      title: '实例',
      key: 'key',
      render: (_, row) => (
        <Link
          to={`/monitor/instances/${row.processInstanceKey}`}
          className="rp-monitor-key"
          aria-label={`查看实例 ${row.processInstanceKey}`}
        >
          {row.processInstanceKey}
        </Link>
      ),
    },
    {
      title: '流程',
      key: 'process',
      render: (_, row) => (
        <span>
          {row.processName ?? row.bpmnProcessId}
          <Typography.Text type="secondary" className="rp-monitor-version">
            第 {row.version} 版
          </Typography.Text>
        </span>
      ),
    },
    {
      title: '状态',
      key: 'state',
      render: (_, row) => (
        <Tag color={STATE_LABELS[row.state].color} data-state={row.state}>
          {STATE_LABELS[row.state].label}
          {row.state === 'incident' && row.incidentCount > 1 ? ` ${row.incidentCount}` : ''}
        </Tag>
      ),
    },
    { title: '单位', key: 'unit', render: (_, row) => row.orgUnit?.name ?? row.orgUnit?.id ?? '—' },
    {
      title: '发起人',
      key: 'starter',
      responsive: ['lg'],
      render: (_, row) => row.startedBy?.displayName ?? row.startedBy?.username ?? '—',
    },
    { title: '发起时间', key: 'started', render: (_, row) => formatDateTime(row.startedAt) },
    { title: '结束时间', key: 'ended', responsive: ['lg'], render: (_, row) => formatDateTime(row.endedAt) },
  ];

  const filtered = Boolean(bpmnProcessId || state || orgUnit || startedFrom || startedTo || q);

  return (
    <>
      <PageHeader title="流程实例" description="您所管理单位的流程实例：查看进度、变量与故障，重试故障或取消实例。" />
      <Space wrap className="rp-toolbar">
        <Select
          aria-label="按流程筛选"
          placeholder="全部流程"
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          className="rp-toolbar-select"
          value={bpmnProcessId || undefined}
          options={procedureOptions}
          loading={definitions.status === 'loading'}
          onChange={(value?: string) => update({ bpmnProcessId: value })}
        />
        <Select
          aria-label="按状态筛选"
          placeholder="全部状态"
          allowClear
          className="rp-monitor-state-select"
          value={state}
          options={STATE_OPTIONS}
          onChange={(value?: string) => update({ state: value })}
        />
        <TreeSelect
          aria-label="按单位筛选"
          placeholder="全部单位"
          allowClear
          className="rp-toolbar-select"
          value={orgUnit || undefined}
          treeData={unitTree}
          treeDefaultExpandAll
          showSearch={{ treeNodeFilterProp: 'title' }}
          popupMatchSelectWidth={false}
          onChange={(value?: string) => update({ orgUnit: value })}
        />
        <DatePicker.RangePicker
          aria-label="按发起日期筛选"
          placeholder={['发起日期从', '至']}
          value={[startedFrom ? dayjs(startedFrom) : null, startedTo ? dayjs(startedTo) : null]}
          allowEmpty={[true, true]}
          onChange={(range) => update({ startedFrom: range?.[0]?.format(DAY), startedTo: range?.[1]?.format(DAY) })}
        />
        <Input.Search
          aria-label="搜索流程实例"
          placeholder="搜索编号、单位、发起人、内容"
          allowClear
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onSearch={(value) => update({ q: value.trim() || undefined })}
          className="rp-toolbar-search"
        />
      </Space>
      {instances.status === 'failed' && (
        <Alert
          type="error"
          showIcon
          className="rp-section"
          title={`流程实例加载失败：${instances.error.message}`}
          action={
            <Button size="small" onClick={instances.reload}>
              重新加载
            </Button>
          }
        />
      )}
      <Table<InstanceSummary>
        className="rp-section"
        data-testid="instance-table"
        rowKey="processInstanceKey"
        size="middle"
        columns={columns}
        dataSource={instances.data?.items}
        loading={instances.status === 'loading'}
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={
                instances.status === 'failed' ? '无法加载流程实例' : filtered ? '没有符合条件的流程实例' : '您管理的单位还没有流程实例'
              }
            />
          ),
        }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: instances.data?.total ?? 0,
          showSizeChanger: false,
          hideOnSinglePage: true,
          showTotal: (total) => `共 ${formatNumber(total)} 个实例`,
          onChange: (next) => update({ page: next > 1 ? String(next) : undefined }),
        }}
      />
    </>
  );
}
