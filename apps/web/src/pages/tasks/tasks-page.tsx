/**
 * 我的待办 (/tasks) and 已办 (/tasks?filter=completed): the tasks I may work on, filtered
 * (我的, 待认领, 我的候选组, 即将到期, 已逾期, by procedure, search) with the API's counts,
 * claim / unclaim in the row, paging. The filter lives in the URL so a reload keeps it.
 */
import { Alert, App, Button, Empty, Input, Select, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import type { Task, TaskCounts, TaskFilter } from '../../api/types';
import { useLoad } from '../../api/use-load';
import { useAuth } from '../../auth/auth-context';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { PageHeader } from '../../layout/page-header';
import { dueStatus, formatRelative } from './task-format';

/** The API's filters, one tab each; 即将到期 is due within 24 hours and not yet overdue. */
const VIEWS: readonly { key: TaskFilter; label: string }[] = [
  { key: 'all', label: '全部待办' },
  { key: 'mine', label: '我的' },
  { key: 'unassigned', label: '待认领' },
  { key: 'candidate', label: '我的候选组' },
  { key: 'dueSoon', label: '即将到期' },
  { key: 'overdue', label: '已逾期' },
  { key: 'completed', label: '已办' },
];

/** Older links said filter=due-soon. */
const VIEW_ALIASES: Readonly<Record<string, TaskFilter>> = { 'due-soon': 'dueSoon' };

const PAGE_SIZE = 20;

interface InboxData {
  readonly items: readonly Task[];
  readonly counts: TaskCounts;
}

export default function TasksPage({ completedOnly = false }: { readonly completedOnly?: boolean }) {
  const { api } = useAuth();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const requested = params.get('filter') ?? '';
  const view: TaskFilter = completedOnly
    ? 'completed'
    : (VIEWS.find((v) => v.key === (VIEW_ALIASES[requested] ?? requested))?.key ?? 'all');
  const processId = params.get('processId') ?? '';
  const q = params.get('q') ?? '';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const [search, setSearch] = useState(q);
  const [busy, setBusy] = useState<string | undefined>();

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  };

  const inbox = useLoad<InboxData>(
    async (signal) => {
      // One request: the page and every filter's count. Due filters list the nearest due first.
      const dueView = view === 'dueSoon' || view === 'overdue';
      const list = await api.tasks(
        {
          filter: view,
          processId: processId || undefined,
          q: q || undefined,
          page,
          pageSize: PAGE_SIZE,
          sort: dueView ? 'dueDate' : undefined,
        },
        signal,
      );
      return { items: list.items, counts: list.counts };
    },
    [api, view, processId, q, page],
  );
  const procedures = useLoad((signal) => api.processes(signal), [api]);
  // Procedures I may start plus those in the current page, so a task's procedure can always be picked.
  const procedureOptions = useMemo(() => {
    const map = new Map<string, string>();
    for (const p of procedures.data ?? []) map.set(p.bpmnProcessId, p.name ?? p.bpmnProcessId);
    for (const t of inbox.data?.items ?? []) map.set(t.bpmnProcessId, t.processName ?? t.bpmnProcessId);
    if (processId && !map.has(processId)) map.set(processId, processId);
    return [...map].map(([value, label]) => ({ value, label }));
  }, [procedures.data, inbox.data, processId]);

  const act = async (task: Task, action: 'claim' | 'unclaim') => {
    setBusy(task.id);
    try {
      await (action === 'claim' ? api.claimTask(task.id) : api.unclaimTask(task.id));
      message.success(action === 'claim' ? `已认领“${task.name}”` : `已退回“${task.name}”`);
      inbox.reload();
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setBusy(undefined);
    }
  };

  const countOf = (key: TaskFilter): number | undefined => inbox.data?.counts[key];

  const columns: ColumnsType<Task> = [
    {
      title: '任务',
      key: 'name',
      render: (_, task) => (
        <Link to={`/tasks/${task.id}`} className="rp-task-link">
          {task.name}
        </Link>
      ),
    },
    { title: '流程', key: 'process', render: (_, task) => task.processName ?? task.bpmnProcessId },
    { title: '单元', key: 'unit', responsive: ['lg'], render: (_, task) => task.orgUnit?.name ?? task.orgUnit?.id ?? '—' },
    {
      title: view === 'completed' ? '办结时间' : '创建时间',
      key: 'created',
      responsive: ['lg'],
      render: (_, task) => {
        const at = view === 'completed' ? task.completedAt : task.createdAt;
        return (
          <Tooltip title={formatDateTime(at)}>
            <span>{formatRelative(at) ?? formatDateTime(at)}</span>
          </Tooltip>
        );
      },
    },
    {
      title: '到期',
      key: 'due',
      render: (_, task) => {
        const status = dueStatus(task);
        if (!task.dueDate) return <Typography.Text type="secondary">—</Typography.Text>;
        const text = formatDateTime(task.dueDate);
        if (status === 'overdue')
          return (
            <Tag color="red" data-due="overdue">
              已逾期 · {text}
            </Tag>
          );
        if (status === 'soon')
          return (
            <Tag color="orange" data-due="soon">
              {formatRelative(task.dueDate)}到期 · {text}
            </Tag>
          );
        return <span data-due="ok">{text}</span>;
      },
    },
    {
      title: view === 'completed' ? '办结人' : '办理人',
      key: 'assignee',
      render: (_, task) =>
        view === 'completed' ? (
          (task.completedBy?.displayName ?? '—')
        ) : task.assignee ? (
          (task.assignee.displayName ?? '已认领')
        ) : (
          <Tag>待认领</Tag>
        ),
    },
    {
      title: '操作',
      key: 'actions',
      width: 120,
      // The API says which button the caller may use (candidates claim; the holder or the unit's admin hands back).
      render: (_, task) => {
        if (task.canClaim)
          return (
            <Button
              size="small"
              type="primary"
              loading={busy === task.id}
              onClick={() => void act(task, 'claim')}
              aria-label={`认领 ${task.name}`}
            >
              认领
            </Button>
          );
        if (task.canUnclaim)
          return (
            <Button size="small" loading={busy === task.id} onClick={() => void act(task, 'unclaim')} aria-label={`退回 ${task.name}`}>
              退回
            </Button>
          );
        return null;
      },
    },
  ];
  const shownColumns = view === 'completed' ? columns.filter((c) => c.key !== 'due' && c.key !== 'actions') : columns;

  return (
    <>
      <PageHeader
        title={completedOnly ? '已办' : '我的待办'}
        description={completedOnly ? '您办结的任务。' : '分派给您、您的候选组可认领的任务。点击任务名办理。'}
      />
      {!completedOnly && (
        <Tabs
          activeKey={view}
          onChange={(key) => update({ filter: key === 'all' ? undefined : key })}
          items={VIEWS.map((v) => {
            const count = countOf(v.key);
            return {
              key: v.key,
              label: (
                <span data-testid={`filter-${v.key}`}>
                  {v.label}
                  {count !== undefined && (
                    <span className={`rp-count${v.key === 'overdue' && count > 0 ? ' rp-count-danger' : ''}`}>{formatNumber(count)}</span>
                  )}
                </span>
              ),
            };
          })}
        />
      )}
      <Space wrap className="rp-toolbar">
        <Select
          aria-label="按流程筛选"
          placeholder="全部流程"
          allowClear
          className="rp-toolbar-select"
          value={processId || undefined}
          options={procedureOptions}
          onChange={(value?: string) => update({ processId: value })}
        />
        <Input.Search
          aria-label="搜索任务"
          placeholder="搜索任务名或流程名"
          allowClear
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onSearch={(value) => update({ q: value.trim() || undefined })}
          className="rp-toolbar-search"
        />
      </Space>
      {inbox.status === 'failed' && (
        <Alert
          type="error"
          showIcon
          className="rp-section"
          message={`待办加载失败：${inbox.error.message}`}
          action={
            <Button size="small" onClick={inbox.reload}>
              重试
            </Button>
          }
        />
      )}
      <Table<Task>
        className="rp-section"
        data-testid="task-table"
        rowKey="id"
        size="middle"
        columns={shownColumns}
        dataSource={inbox.data?.items}
        loading={inbox.status === 'loading'}
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={
                inbox.status === 'failed' ? '无法加载待办' : view === 'completed' ? '还没有办结的任务' : '暂无待办任务，一切都处理好了'
              }
            />
          ),
        }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: inbox.data?.counts[view] ?? 0,
          showSizeChanger: false,
          hideOnSinglePage: true,
          showTotal: (total) => `共 ${formatNumber(total)} 项`,
          onChange: (next) => update({ page: next > 1 ? String(next) : undefined }),
        }}
      />
    </>
  );
}

export function DonePage() {
  return <TasksPage completedOnly />;
}
