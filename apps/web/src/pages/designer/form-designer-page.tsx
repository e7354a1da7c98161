/**
 * 表单设计 (/designer/forms, admins): pick a deployed form or start a new one; edit it in
 * form-js's editor with a live preview; 部署 (POST /api/deployments, the server checks the
 * schema as strictly as at boot); its versions. This page's chunk carries the form-js editor.
 */
import { Alert, App, Button, Card, Empty, List, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import type { FormDefinitionVersion } from '../../api/types';
import { useLoad } from '../../api/use-load';
import { useAuth } from '../../auth/auth-context';
import { FormViewer } from '../../forms/form-viewer';
import { formatDateTime } from '../../i18n/format';
import { PageHeader } from '../../layout/page-header';
import { DeployProblems } from './deploy-problems';
import { deployProblemsOf, downloadText, latestOfEach, newId, resourceNameFor, type DeployProblem } from './designer-model';
import { FormSchemaEditor, type FormEditorHandle } from './form-editor';
import './designer.css';

interface FormDocument {
  readonly token: number;
  readonly schema: Record<string, unknown>;
  readonly fileName: string | undefined;
  readonly origin: string;
}

const EMPTY_DATA: Record<string, unknown> = {};
const PREVIEW_DELAY_MS = 300;
let documentCounter = 0;

export default function FormDesignerPage() {
  const { api } = useAuth();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const formParam = params.get('form');
  const [document, setDocument] = useState<FormDocument | undefined>();
  const [loadError, setLoadError] = useState<string | undefined>();
  const fileInput = useRef<HTMLInputElement>(null);

  const open = useCallback((schema: Record<string, unknown>, fileName: string | undefined, origin: string) => {
    documentCounter += 1;
    setLoadError(undefined);
    setDocument({ token: documentCounter, schema, fileName, origin });
  }, []);

  // ?form=<formId> opens that form's latest deployed version.
  useEffect(() => {
    if (!formParam) return undefined;
    const controller = new AbortController();
    void (async () => {
      try {
        const [latest] = await api.formDefinitions(formParam, controller.signal);
        if (!latest) {
          setLoadError(`表单 ${formParam} 尚未部署`);
          return;
        }
        const detail = await api.formDefinition(latest.formKey, controller.signal);
        open(detail.schema, detail.resourceName, `已部署的第 ${detail.version} 版`);
      } catch (error) {
        if (!controller.signal.aborted) setLoadError(errorMessage(error));
      }
    })();
    return () => controller.abort();
  }, [api, formParam, open]);

  const createNew = () => {
    setParams({});
    open({ type: 'default', id: newId('Form'), schemaVersion: 18, components: [] }, undefined, '新建');
  };

  const importFile = async (file: File | undefined) => {
    if (!file) return;
    try {
      const schema: unknown = JSON.parse(await file.text());
      if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) throw new Error('not an object');
      setParams({});
      open(schema as Record<string, unknown>, file.name, `导入的文件 ${file.name}`);
    } catch {
      message.error(`${file.name} 不是 form-js 表单（JSON）`);
    }
  };

  const close = () => {
    setParams({});
    setDocument(undefined);
    setLoadError(undefined);
  };

  return (
    <>
      <PageHeader
        title="表单设计"
        description="用 form-js 编辑器设计任务表单，右侧实时预览；部署时服务器按启动时同样的规则校验，并生成新版本。"
        extra={
          <Space wrap>
            <Button onClick={createNew}>新建表单</Button>
            <Button onClick={() => fileInput.current?.click()}>导入表单文件</Button>
            <input
              ref={fileInput}
              type="file"
              accept=".form,.json"
              hidden
              data-testid="form-file-input"
              aria-label="选择要导入的表单文件"
              onChange={(event) => {
                void importFile(event.target.files?.[0]);
                event.target.value = '';
              }}
            />
          </Space>
        }
      />
      {loadError && (
        <Alert
          className="rp-section"
          type="error"
          showIcon
          message={`无法打开表单：${loadError}`}
          action={
            <Button size="small" onClick={close}>
              返回表单列表
            </Button>
          }
        />
      )}
      {!document && !loadError && formParam && <Skeleton active />}
      {!document && !formParam && <DeployedForms onOpen={(id) => setParams({ form: id })} />}
      {document && <FormDesigner key={document.token} document={document} onClose={close} onOpenVersion={open} />}
    </>
  );
}

function DeployedForms({ onOpen }: { readonly onOpen: (formId: string) => void }) {
  const { api } = useAuth();
  const versions = useLoad((signal) => api.formDefinitions(undefined, signal), [api]);
  const latest = versions.data ? latestOfEach(versions.data, (v) => v.formId).sort((a, b) => a.formId.localeCompare(b.formId)) : undefined;
  return (
    <Card className="rp-section" title="已部署的表单">
      {versions.status === 'failed' && (
        <Alert
          type="error"
          showIcon
          message={`表单加载失败：${versions.error.message}`}
          action={
            <Button size="small" onClick={versions.reload}>
              重试
            </Button>
          }
        />
      )}
      {!latest && versions.status === 'loading' && <Skeleton active />}
      {latest && (
        <List
          data-testid="form-definition-list"
          dataSource={latest}
          locale={{ emptyText: <Empty description="尚未部署任何表单，可新建或导入表单文件" /> }}
          renderItem={(f) => (
            <List.Item
              actions={[
                <Button key="edit" type="primary" onClick={() => onOpen(f.formId)} aria-label={`编辑表单 ${f.formId}`}>
                  编辑
                </Button>,
              ]}
            >
              <List.Item.Meta
                title={f.formId}
                description={`第 ${f.version} 版 · ${f.resourceName} · ${formatDateTime(f.deployedAt)} 部署`}
              />
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

function FormDesigner({
  document,
  onClose,
  onOpenVersion,
}: {
  readonly document: FormDocument;
  readonly onClose: () => void;
  readonly onOpenVersion: (schema: Record<string, unknown>, fileName: string, origin: string) => void;
}) {
  const { api } = useAuth();
  const { message } = App.useApp();
  const handle = useRef<FormEditorHandle | undefined>(undefined);
  const [preview, setPreview] = useState<Record<string, unknown>>(document.schema);
  const [formId, setFormId] = useState<string | undefined>(typeof document.schema.id === 'string' ? document.schema.id : undefined);
  const [importError, setImportError] = useState<string | undefined>();
  const [dirty, setDirty] = useState(false);
  const [deploying, setDeploying] = useState(false);
  const [deployed, setDeployed] = useState<string | undefined>();
  const [deployProblems, setDeployProblems] = useState<readonly DeployProblem[]>([]);
  const [versionsToken, setVersionsToken] = useState(0);
  const previewTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => () => clearTimeout(previewTimer.current), []);

  const changed = (schema: Record<string, unknown>) => {
    setDirty(true);
    setFormId(typeof schema.id === 'string' ? schema.id : undefined);
    clearTimeout(previewTimer.current);
    previewTimer.current = setTimeout(() => setPreview(schema), PREVIEW_DELAY_MS);
  };

  const deploy = async () => {
    const schema = handle.current?.schema();
    if (!schema) return;
    const id = typeof schema.id === 'string' ? schema.id : undefined;
    if (!id) {
      setDeployProblems([{ resource: undefined, elementId: undefined, message: '表单缺少 ID：请在属性面板中选中表单，填写“ID”后再部署' }]);
      return;
    }
    setDeploying(true);
    setDeployed(undefined);
    setDeployProblems([]);
    try {
      const result = await api.deploy([{ name: resourceNameFor(document.fileName, id, 'form'), content: JSON.stringify(schema, null, 2) }]);
      const form = result.deployed.find((d) => d.kind === 'form');
      const text = form ? `已部署：表单 ${form.id} 第 ${form.version} 版` : '已部署';
      setDeployed(text);
      setDirty(false);
      message.success(text);
      setVersionsToken((t) => t + 1);
    } catch (error) {
      setDeployProblems(deployProblemsOf(error));
    } finally {
      setDeploying(false);
    }
  };

  const download = () => {
    const schema = handle.current?.schema();
    if (schema)
      downloadText(resourceNameFor(document.fileName, formId ?? 'form', 'form'), JSON.stringify(schema, null, 2), 'application/json');
  };

  return (
    <>
      <Card
        className="rp-section rp-designer-card"
        title={
          <Space wrap>
            <span data-testid="designer-title">{formId ?? '表单'}</span>
            <Tag>{document.origin}</Tag>
            {dirty && <Tag color="orange">有未部署的修改</Tag>}
          </Space>
        }
        extra={
          <Space wrap>
            <Button type="primary" onClick={() => void deploy()} loading={deploying} data-testid="deploy-button">
              部署
            </Button>
            <Button onClick={download}>下载 .form</Button>
            <Button onClick={onClose}>返回表单列表</Button>
          </Space>
        }
      >
        {importError && <Alert type="error" showIcon role="alert" message={`无法打开该表单：${importError}`} className="rp-form-alert" />}
        {deployed && <Alert type="success" showIcon message={deployed} data-testid="deploy-success" className="rp-form-alert" />}
        {deployProblems.length > 0 && <DeployProblems problems={deployProblems} />}
        <div className="rp-form-designer">
          <FormSchemaEditor
            schema={document.schema}
            onReady={(h) => {
              handle.current = h;
            }}
            onChange={changed}
            onImportError={setImportError}
          />
          <section className="rp-form-preview" aria-label="表单预览" data-testid="form-preview">
            <h2>预览</h2>
            <FormViewer label="表单预览" schema={preview} data={EMPTY_DATA} />
          </section>
        </div>
      </Card>
      {formId && <FormVersions key={formId} formId={formId} token={versionsToken} onOpen={onOpenVersion} />}
    </>
  );
}

function FormVersions({
  formId,
  token,
  onOpen,
}: {
  readonly formId: string;
  readonly token: number;
  readonly onOpen: (schema: Record<string, unknown>, fileName: string, origin: string) => void;
}) {
  const { api } = useAuth();
  const { message } = App.useApp();
  const versions = useLoad((signal) => api.formDefinitions(formId, signal), [api, formId, token]);

  const openVersion = async (version: FormDefinitionVersion) => {
    try {
      const detail = await api.formDefinition(version.formKey);
      onOpen(detail.schema, detail.resourceName, `已部署的第 ${detail.version} 版`);
    } catch (error) {
      message.error(errorMessage(error));
    }
  };

  return (
    <Card className="rp-section" title={`版本（${formId}）`}>
      {versions.status === 'failed' && <Alert type="error" showIcon message={`版本加载失败：${versions.error.message}`} />}
      <Table<FormDefinitionVersion>
        data-testid="form-versions"
        size="small"
        rowKey="formKey"
        loading={versions.status === 'loading'}
        dataSource={versions.data ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description="此表单尚未部署" /> }}
        columns={[
          { title: '版本', dataIndex: 'version', width: 90, render: (v: number) => `第 ${v} 版` },
          { title: '部署时间', dataIndex: 'deployedAt', width: 200, render: (at: string) => formatDateTime(at) },
          { title: '资源', dataIndex: 'resourceName' },
          { title: '表单键', dataIndex: 'formKey', render: (key: string) => <Typography.Text type="secondary">{key}</Typography.Text> },
          {
            title: '操作',
            key: 'actions',
            width: 140,
            render: (_, v) => (
              <Button size="small" onClick={() => void openVersion(v)} aria-label={`在编辑器中打开第 ${v.version} 版`}>
                打开此版本
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}
