/**
 * 发起 (/start): the procedures I may start, each with its start form (form-js viewer, lazy
 * chunk); submitting shows the server's field errors on their fields, success the new instance.
 */
import { Alert, App, Button, Card, Empty, List, Result, Skeleton, Typography } from 'antd';
import { useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { ApiError, errorMessage } from '../../api/client';
import type { Procedure, StartedInstance } from '../../api/types';
import { useLoad } from '../../api/use-load';
import { useAuth } from '../../auth/auth-context';
import { FormViewer, type FormHandle } from '../../forms/form-viewer';
import { PageHeader } from '../../layout/page-header';

const EMPTY: Record<string, unknown> = {};

export default function StartPage() {
  const { api } = useAuth();
  const procedures = useLoad((signal) => api.processes(signal), [api]);
  const [params, setParams] = useSearchParams();
  const selectedId = params.get('process');
  const selected = procedures.data?.find((p) => p.bpmnProcessId === selectedId);

  return (
    <>
      <PageHeader title="发起" description="选择一个您可以发起的流程，填写开始表单后提交。" />
      {procedures.status === 'failed' && !procedures.data && (
        <Alert
          type="error"
          showIcon
          message={`流程加载失败：${procedures.error.message}`}
          action={
            <Button size="small" onClick={procedures.reload}>
              重试
            </Button>
          }
        />
      )}
      {!procedures.data && procedures.status === 'loading' && <Skeleton active />}
      {procedures.data && !selected && (
        <Card className="rp-section" title="可发起的流程">
          <List
            data-testid="procedure-list"
            dataSource={procedures.data}
            locale={{ emptyText: <Empty description="暂无您可以发起的流程" /> }}
            renderItem={(p) => (
              <List.Item
                actions={[
                  <Button
                    key="start"
                    type="primary"
                    onClick={() => setParams({ process: p.bpmnProcessId })}
                    aria-label={`发起 ${p.name ?? p.bpmnProcessId}`}
                  >
                    发起
                  </Button>,
                ]}
              >
                <List.Item.Meta
                  title={p.name ?? p.bpmnProcessId}
                  description={`${p.bpmnProcessId} · 第 ${p.version} 版${p.startForm ? '' : ' · 无开始表单'}`}
                />
              </List.Item>
            )}
          />
        </Card>
      )}
      {selected && <StartForm key={selected.bpmnProcessId} procedure={selected} onBack={() => setParams({})} />}
    </>
  );
}

function StartForm({ procedure, onBack }: { readonly procedure: Procedure; readonly onBack: () => void }) {
  const { api } = useAuth();
  const { message } = App.useApp();
  const handle = useRef<FormHandle | undefined>(undefined);
  const [submitting, setSubmitting] = useState(false);
  const [formError, setFormError] = useState<string | undefined>();
  const [started, setStarted] = useState<StartedInstance | undefined>();
  const name = procedure.name ?? procedure.bpmnProcessId;

  const submit = async () => {
    setFormError(undefined);
    const data = procedure.startForm ? handle.current?.submit() : {};
    if (!data) {
      setFormError('表单有未填写或填写有误的项，请按提示修改后再提交。');
      return;
    }
    setSubmitting(true);
    try {
      const instance = await api.startProcess(procedure.bpmnProcessId, data);
      setStarted(instance);
      message.success(`已发起“${name}”`);
    } catch (error) {
      if (error instanceof ApiError && error.fieldErrors.length > 0) {
        const unplaced = handle.current?.showServerErrors(error.fieldErrors) ?? [...error.fieldErrors];
        const extra = unplaced.map((e) => (e.field ? `${e.field}：${e.message}` : e.message));
        setFormError(
          `提交未通过校验（${error.fieldErrors.length} 项），请按字段下方的提示修改。${extra.length ? ` ${extra.join('；')}` : ''}`,
        );
      } else setFormError(errorMessage(error));
    } finally {
      setSubmitting(false);
    }
  };

  if (started) {
    return (
      <Result
        status="success"
        title={`已发起“${name}”`}
        subTitle={
          <span data-testid="started-instance">
            流程实例编号 {started.processInstanceKey}（第 {started.version} 版）。后续任务会出现在相关人员的待办中。
          </span>
        }
        extra={[
          <Button key="again" onClick={() => setStarted(undefined)}>
            再发起一件
          </Button>,
          <Button key="list" onClick={onBack}>
            返回流程列表
          </Button>,
          <Link key="tasks" to="/tasks">
            查看我的待办
          </Link>,
        ]}
      />
    );
  }

  return (
    <Card className="rp-section" title={`发起：${name}`} extra={<Button onClick={onBack}>返回流程列表</Button>}>
      {procedure.startForm ? (
        <FormViewer
          label={`${name} 开始表单`}
          schema={procedure.startForm.schema}
          data={EMPTY}
          onReady={(h) => {
            handle.current = h;
          }}
        />
      ) : (
        <Typography.Paragraph>此流程没有开始表单，直接提交即可发起。</Typography.Paragraph>
      )}
      {formError && <Alert className="rp-form-alert" type="error" showIcon role="alert" message={formError} data-testid="form-error" />}
      <div className="rp-form-actions">
        <Button type="primary" onClick={() => void submit()} loading={submitting} data-testid="start-submit">
          提交并发起
        </Button>
      </div>
    </Card>
  );
}
