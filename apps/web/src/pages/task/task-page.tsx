/**
 * 办理任务 (/tasks/:id): the task's form (form-js viewer, lazy chunk) with its prefill data,
 * a draft saved while typing (debounced, 已保存 shown) and restored on reload, submit with
 * the server's field errors on their fields, claim when needed, and the task's history.
 */
import { Alert, App, Button, Card, Collapse, Descriptions, Empty, Result, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError, errorMessage } from '../../api/client';
import type { TaskDetail, TaskHistory } from '../../api/types';
import { useLoad, type Loaded } from '../../api/use-load';
import { useAuth, useMe } from '../../auth/auth-context';
import { TaskDiagram } from '../../diagram/task-diagram';
import { FormViewer, type FormHandle } from '../../forms/form-viewer';
import { formatDateTime } from '../../i18n/format';
import { PageHeader } from '../../layout/page-header';
import { AUDIT_ACTION_NAMES, dueStatus, formatRelative } from '../tasks/task-format';

const DRAFT_DELAY_MS = 800;

type DraftState =
  | { readonly status: 'idle' }
  | { readonly status: 'saving' }
  | { readonly status: 'saved'; readonly at: string }
  | { readonly status: 'failed'; readonly message: string };

export default function TaskPage() {
  const { id = '' } = useParams();
  const { api } = useAuth();
  const task = useLoad((signal) => api.task(id, signal), [api, id]);
  const history = useLoad((signal) => api.taskHistory(id, signal), [api, id]);

  if (task.status === 'failed' && !task.data) {
    return (
      <Result
        status={task.error.status === 404 ? '404' : 'error'}
        title={task.error.status === 404 ? '任务不存在或您无权查看' : '任务加载失败'}
        subTitle={task.error.message}
        extra={
          <Space>
            <Button onClick={task.reload}>重试</Button>
            <Link to="/tasks">返回我的待办</Link>
          </Space>
        }
      />
    );
  }
  if (!task.data) return <Skeleton active paragraph={{ rows: 8 }} />;
  return <TaskView task={task.data} reload={task.reload} history={history} />;
}

function TaskView({
  task,
  reload,
  history,
}: {
  readonly task: TaskDetail;
  readonly reload: () => void;
  readonly history: Loaded<TaskHistory> & { readonly reload: () => void };
}) {
  const { api } = useAuth();
  const me = useMe();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const handle = useRef<FormHandle | undefined>(undefined);
  const [draft, setDraft] = useState<DraftState>(task.draftSavedAt ? { status: 'saved', at: task.draftSavedAt } : { status: 'idle' });
  const [submitting, setSubmitting] = useState(false);
  const [claiming, setClaiming] = useState(false);
  const [formError, setFormError] = useState<string | undefined>();
  const pending = useRef<{ timer: ReturnType<typeof setTimeout>; data: Record<string, unknown> } | undefined>(undefined);
  const open = task.state === 'open';
  const heldByOther = task.assignee !== null && task.assignee.id !== me.user.id;
  const editable = open && (task.canComplete || task.canClaim) && !heldByOther;

  const reloadHistory = history.reload;
  const saveDraft = useCallback(
    async (data: Record<string, unknown>) => {
      setDraft({ status: 'saving' });
      try {
        const saved = await api.saveDraft(task.id, data);
        setDraft({ status: 'saved', at: saved.savedAt });
        reloadHistory();
      } catch (error) {
        setDraft({ status: 'failed', message: errorMessage(error) });
      }
    },
    [api, task.id, reloadHistory],
  );

  const flushDraft = useCallback(async (): Promise<void> => {
    const p = pending.current;
    if (!p) return;
    clearTimeout(p.timer);
    pending.current = undefined;
    await saveDraft(p.data);
  }, [saveDraft]);

  // Leaving the page saves what was typed in the last moments.
  useEffect(
    () => () => {
      void flushDraft();
    },
    [flushDraft],
  );

  const onChange = useCallback(
    (data: Record<string, unknown>) => {
      if (!editable) return;
      if (pending.current) clearTimeout(pending.current.timer);
      setDraft((d) => (d.status === 'saving' ? d : { status: 'idle' }));
      pending.current = {
        data,
        timer: setTimeout(() => {
          pending.current = undefined;
          void saveDraft(data);
        }, DRAFT_DELAY_MS),
      };
    },
    [editable, saveDraft],
  );

  const claim = async () => {
    setClaiming(true);
    // The form is rebuilt from the server after this, so what was typed must be saved first.
    await flushDraft();
    try {
      await api.claimTask(task.id);
      message.success('已认领，可以办理了');
      reload();
      history.reload();
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setClaiming(false);
    }
  };

  const unclaim = async () => {
    setClaiming(true);
    // The form is rebuilt from the server after this, so what was typed must be saved first.
    await flushDraft();
    try {
      await api.unclaimTask(task.id);
      message.success('已退回，任务回到候选组');
      reload();
      history.reload();
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setClaiming(false);
    }
  };

  const submit = async () => {
    setFormError(undefined);
    const data = handle.current?.submit();
    if (!data) {
      setFormError('表单有未填写或填写有误的项，请按提示修改后再提交。');
      return;
    }
    if (pending.current) {
      clearTimeout(pending.current.timer);
      pending.current = undefined;
    }
    setSubmitting(true);
    try {
      if (!task.assignee) await api.claimTask(task.id);
      await api.completeTask(task.id, data);
      message.success(`“${task.name}”已办结`);
      void navigate('/tasks', { state: { completed: task.id } });
    } catch (error) {
      if (error instanceof ApiError && error.fieldErrors.length > 0) {
        const unplaced = handle.current?.showServerErrors(error.fieldErrors) ?? [...error.fieldErrors];
        const extra = unplaced.map((e) => (e.field ? `${e.field}：${e.message}` : e.message));
        setFormError(
          `提交未通过校验（${error.fieldErrors.length} 项），请按字段下方的提示修改。${extra.length ? ` ${extra.join('；')}` : ''}`,
        );
      } else {
        setFormError(errorMessage(error));
        if (error instanceof ApiError && error.status === 409) reload();
      }
    } finally {
      setSubmitting(false);
    }
  };

  const status = dueStatus(task);
  return (
    <>
      <PageHeader
        title={task.name}
        description={
          <>
            {task.processName ?? task.bpmnProcessId}
            {task.orgUnit ? ` · ${task.orgUnit.name ?? task.orgUnit.id}` : ''}
          </>
        }
        extra={<Link to="/tasks">返回我的待办</Link>}
      />
      <div className="rp-task-grid">
        <div className="rp-task-main">
          <Card className="rp-section" title="任务信息" size="small">
            <Descriptions column={{ xs: 1, md: 2 }} size="small">
              <Descriptions.Item label="状态">
                <TaskStateTag task={task} />
              </Descriptions.Item>
              <Descriptions.Item label="办理人">
                <span data-testid="task-assignee">{task.assignee?.displayName ?? '待认领'}</span>
              </Descriptions.Item>
              <Descriptions.Item label="创建时间">{formatDateTime(task.createdAt)}</Descriptions.Item>
              <Descriptions.Item label="到期时间">
                {task.dueDate ? (
                  <Typography.Text type={status === 'overdue' ? 'danger' : status === 'soon' ? 'warning' : undefined}>
                    {formatDateTime(task.dueDate)}
                    {status === 'overdue' ? '（已逾期）' : status === 'soon' ? `（${formatRelative(task.dueDate)}到期）` : ''}
                  </Typography.Text>
                ) : (
                  '—'
                )}
              </Descriptions.Item>
            </Descriptions>
          </Card>
          {heldByOther && open && (
            <Alert
              className="rp-section"
              type="info"
              showIcon
              message={`此任务已由 ${task.assignee?.displayName ?? '他人'} 认领，您只能查看。`}
            />
          )}
          {open && !task.canClaim && !task.canComplete && !heldByOther && (
            <Alert className="rp-section" type="info" showIcon message="您可以查看此任务，但不能办理。" />
          )}
          <Card className="rp-section" title="表单" extra={editable ? <DraftIndicator draft={draft} /> : null}>
            {task.form ? (
              <FormViewer
                label={`${task.name} 表单`}
                schema={task.form.schema}
                data={task.data}
                readOnly={!editable}
                onChange={onChange}
                onReady={(h) => {
                  handle.current = h;
                }}
              />
            ) : (
              <Empty description="此任务没有表单，直接办结即可。" />
            )}
            {formError && (
              <Alert className="rp-form-alert" type="error" showIcon role="alert" message={formError} data-testid="form-error" />
            )}
            {editable && (
              <Space className="rp-form-actions">
                {task.assignee?.id === me.user.id && (
                  <Button onClick={() => void unclaim()} loading={claiming}>
                    退回认领
                  </Button>
                )}
                {task.canClaim && !task.assignee && (
                  <Button onClick={() => void claim()} loading={claiming}>
                    认领
                  </Button>
                )}
                <Button type="primary" onClick={() => void submit()} loading={submitting} data-testid="task-submit">
                  {task.assignee ? '提交办结' : '认领并办结'}
                </Button>
              </Space>
            )}
          </Card>
          {/* Collapsed: the diagram (its XML and bpmn-js) loads only when opened. */}
          <Collapse
            className="rp-section"
            data-testid="task-diagram"
            items={[
              {
                key: 'diagram',
                label: '流程图（标出当前环节）',
                children: (
                  <TaskDiagram
                    bpmnProcessId={task.bpmnProcessId}
                    version={task.processVersion}
                    elementId={task.elementId}
                    stepName={task.name}
                  />
                ),
              },
            ]}
          />
        </div>
        <Card className="rp-section rp-task-history" title="经办记录" size="small">
          {history.status === 'failed' && !history.data ? (
            <Alert type="error" showIcon message={history.error.message} />
          ) : !history.data ? (
            <Skeleton active />
          ) : history.data.events.length === 0 ? (
            <Typography.Text type="secondary">暂无经办记录</Typography.Text>
          ) : (
            <Timeline
              data-testid="task-history"
              items={history.data.events.map((event) => ({
                key: event.id,
                content: (
                  <>
                    <div>
                      <strong>{AUDIT_ACTION_NAMES[event.action] ?? event.action}</strong> · {event.user.displayName ?? event.user.username}
                      {event.assignee ? ` → ${event.assignee.displayName ?? '—'}` : ''}
                    </div>
                    <Typography.Text type="secondary">{formatDateTime(event.at)}</Typography.Text>
                  </>
                ),
              }))}
            />
          )}
        </Card>
      </div>
    </>
  );
}

function DraftIndicator({ draft }: { readonly draft: DraftState }) {
  const text =
    draft.status === 'saving'
      ? '正在保存草稿…'
      : draft.status === 'saved'
        ? `已保存 ${formatDateTime(draft.at).slice(-5)}`
        : draft.status === 'failed'
          ? `草稿未保存：${draft.message}`
          : '草稿将自动保存';
  return (
    <Typography.Text type={draft.status === 'failed' ? 'danger' : 'secondary'} data-testid="draft-status" role="status" aria-live="polite">
      {text}
    </Typography.Text>
  );
}

function TaskStateTag({ task }: { readonly task: TaskDetail }) {
  if (task.state === 'completed') return <Tag color="green">已办结</Tag>;
  if (task.state === 'canceled') return <Tag>已取消</Tag>;
  if (task.state === 'completing') return <Tag color="processing">正在办理</Tag>;
  return <Tag color="blue">待办</Tag>;
}
