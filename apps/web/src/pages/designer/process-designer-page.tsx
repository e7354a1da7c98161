/**
 * 流程设计 (/designer/processes, admins): pick a deployed process or start a new one or
 * import a .bpmn file; edit it in the Camunda 8 modeler with its properties panel; see
 * bpmnlint's Camunda 8.8 problems live; 部署 (POST /api/deployments); its versions and a
 * visual diff of any two. This page's chunk carries bpmn-js: it loads only here.
 */
import { Alert, App, Badge, Button, Card, Empty, List, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import type { ProcessDefinitionVersion } from '../../api/types';
import { useLoad } from '../../api/use-load';
import { useAuth } from '../../auth/auth-context';
import { formatDateTime } from '../../i18n/format';
import { PageHeader } from '../../layout/page-header';
import { BpmnDiff } from './bpmn-diff';
import type { LintProblem } from './bpmn-lint';
import { BpmnModeler, newDiagramXml, type DiagramFacts, type ModelerHandle } from './bpmn-modeler';
import { DeployProblems } from './deploy-problems';
import { deployProblemsOf, downloadText, latestOfEach, newId, resourceNameFor, type DeployProblem } from './designer-model';
import './designer.css';

/** The diagram in the editor and where it came from. */
interface DesignDocument {
  /** Changes on every load, so the modeler remounts. */
  readonly token: number;
  readonly xml: string;
  readonly fileName: string | undefined;
  /** 第 N 版 of a deployed process, or how it was started. */
  readonly origin: string;
}

let documentCounter = 0;

export default function ProcessDesignerPage() {
  const { api } = useAuth();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const processParam = params.get('process');
  const [document, setDocument] = useState<DesignDocument | undefined>();
  const [loadError, setLoadError] = useState<string | undefined>();
  const fileInput = useRef<HTMLInputElement>(null);

  const open = useCallback((xml: string, fileName: string | undefined, origin: string) => {
    documentCounter += 1;
    setLoadError(undefined);
    setDocument({ token: documentCounter, xml, fileName, origin });
  }, []);

  // ?process=<bpmnProcessId> opens that process's latest deployed version.
  useEffect(() => {
    if (!processParam) return undefined;
    const controller = new AbortController();
    void (async () => {
      try {
        const [latest] = await api.processDefinitions(processParam, controller.signal);
        if (!latest) throw new Error(`流程 ${processParam} 尚未部署`);
        const detail = await api.processDefinition(latest.processDefinitionKey, controller.signal);
        open(detail.bpmnXml, detail.resourceName, `已部署的第 ${detail.version} 版`);
      } catch (error) {
        if (!controller.signal.aborted) setLoadError(error instanceof Error && !('status' in error) ? error.message : errorMessage(error));
      }
    })();
    return () => controller.abort();
  }, [api, processParam, open]);

  const createNew = () => {
    setParams({});
    open(newDiagramXml(newId('Process'), '新流程'), undefined, '新建');
  };

  const importFile = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > 1024 * 1024) {
      message.error('文件超过 1 MB，无法导入');
      return;
    }
    setParams({});
    open(await file.text(), file.name, `导入的文件 ${file.name}`);
  };

  const close = () => {
    setParams({});
    setDocument(undefined);
    setLoadError(undefined);
  };

  return (
    <>
      <PageHeader
        title="流程设计"
        description="编辑流程图（Camunda 8 建模器），实时检查是否符合 Camunda 8.8，部署为新版本，并对比任意两个版本。"
        extra={
          <Space wrap>
            <Button onClick={createNew}>新建流程</Button>
            <Button onClick={() => fileInput.current?.click()}>导入 BPMN 文件</Button>
            <input
              ref={fileInput}
              type="file"
              accept=".bpmn,.xml"
              hidden
              data-testid="bpmn-file-input"
              aria-label="选择要导入的 BPMN 文件"
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
          message={`无法打开流程：${loadError}`}
          action={
            <Button size="small" onClick={close}>
              返回流程列表
            </Button>
          }
        />
      )}
      {!document && !loadError && processParam && <Skeleton active />}
      {!document && !processParam && <DeployedProcesses onOpen={(id) => setParams({ process: id })} />}
      {document && <ProcessEditor key={document.token} document={document} onClose={close} onOpenVersion={open} />}
    </>
  );
}

function DeployedProcesses({ onOpen }: { readonly onOpen: (bpmnProcessId: string) => void }) {
  const { api } = useAuth();
  const versions = useLoad((signal) => api.processDefinitions(undefined, signal), [api]);
  const latest = versions.data ? latestOfEach(versions.data, (v) => v.bpmnProcessId) : undefined;
  return (
    <Card className="rp-section" title="已部署的流程">
      {versions.status === 'failed' && (
        <Alert
          type="error"
          showIcon
          message={`流程加载失败：${versions.error.message}`}
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
          data-testid="process-definition-list"
          dataSource={latest}
          locale={{ emptyText: <Empty description="尚未部署任何流程，可新建或导入 BPMN 文件" /> }}
          renderItem={(p) => (
            <List.Item
              actions={[
                <Button key="edit" type="primary" onClick={() => onOpen(p.bpmnProcessId)} aria-label={`编辑 ${p.name ?? p.bpmnProcessId}`}>
                  编辑
                </Button>,
              ]}
            >
              <List.Item.Meta
                title={p.name ?? p.bpmnProcessId}
                description={`${p.bpmnProcessId} · 第 ${p.version} 版 · ${formatDateTime(p.deployedAt)} 部署`}
              />
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

function ProcessEditor({
  document,
  onClose,
  onOpenVersion,
}: {
  readonly document: DesignDocument;
  readonly onClose: () => void;
  readonly onOpenVersion: (xml: string, fileName: string, origin: string) => void;
}) {
  const { api } = useAuth();
  const { message } = App.useApp();
  const handle = useRef<ModelerHandle | undefined>(undefined);
  const [facts, setFacts] = useState<DiagramFacts | undefined>();
  const [problems, setProblems] = useState<readonly LintProblem[] | undefined>();
  const [importError, setImportError] = useState<string | undefined>();
  const [dirty, setDirty] = useState(false);
  const [deploying, setDeploying] = useState(false);
  const [deployed, setDeployed] = useState<string | undefined>();
  const [deployProblems, setDeployProblems] = useState<readonly DeployProblem[]>([]);
  const [versionsToken, setVersionsToken] = useState(0);

  const select = (elementId: string) => {
    if (!handle.current?.select(elementId)) message.warning(`图中没有元素 ${elementId}`);
  };

  const deploy = async () => {
    if (!handle.current || !facts?.processId) return;
    setDeploying(true);
    setDeployed(undefined);
    setDeployProblems([]);
    try {
      const xml = await handle.current.saveXml();
      const name = resourceNameFor(document.fileName, facts.processId, 'bpmn');
      const result = await api.deploy([{ name, content: xml }]);
      const process = result.deployed.find((d) => d.kind === 'process');
      const text = process ? `已部署：${facts.processName ?? process.id} 第 ${process.version} 版` : '已部署';
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

  const download = async () => {
    if (!handle.current) return;
    downloadText(
      resourceNameFor(document.fileName, facts?.processId ?? 'process', 'bpmn'),
      await handle.current.saveXml(),
      'application/xml',
    );
  };

  const errors = problems?.filter((p) => p.severity === 'error').length ?? 0;
  const warnings = (problems?.length ?? 0) - errors;

  return (
    <>
      <Card
        className="rp-section rp-designer-card"
        title={
          <Space wrap>
            <span data-testid="designer-title">{facts?.processName ?? facts?.processId ?? '流程'}</span>
            {facts?.processId && <Typography.Text type="secondary">{facts.processId}</Typography.Text>}
            <Tag>{document.origin}</Tag>
            {dirty && <Tag color="orange">有未部署的修改</Tag>}
          </Space>
        }
        extra={
          <Space wrap>
            <Button
              type="primary"
              onClick={() => void deploy()}
              loading={deploying}
              disabled={!facts?.processId}
              data-testid="deploy-button"
            >
              部署
            </Button>
            <Button onClick={() => void download()} disabled={!facts}>
              下载 .bpmn
            </Button>
            <Button onClick={onClose}>返回流程列表</Button>
          </Space>
        }
      >
        {importError && <Alert type="error" showIcon role="alert" message={`无法打开该 BPMN：${importError}`} className="rp-form-alert" />}
        {deployed && <Alert type="success" showIcon message={deployed} data-testid="deploy-success" className="rp-form-alert" />}
        {deployProblems.length > 0 && <DeployProblems problems={deployProblems} onSelectElement={select} />}
        <BpmnModeler
          xml={document.xml}
          onReady={(h, f) => {
            handle.current = h;
            setFacts(f);
          }}
          onChange={(f) => {
            setFacts(f);
            setDirty(true);
          }}
          onLint={setProblems}
          onImportError={setImportError}
        />
      </Card>
      <Card
        className="rp-section"
        title={
          <Space>
            检查结果（Camunda 8.8）
            {problems && <Badge count={errors} showZero color={errors > 0 ? 'red' : 'green'} title={`错误 ${errors} 个`} />}
          </Space>
        }
      >
        {!problems && <Typography.Text type="secondary">正在检查…</Typography.Text>}
        {problems && (
          <>
            <Typography.Paragraph type="secondary" data-testid="lint-summary">
              {problems.length === 0
                ? '未发现问题。'
                : `共 ${problems.length} 个问题：错误 ${errors} 个，警告 ${warnings} 个。点击元素可在图中定位。`}
            </Typography.Paragraph>
            <ul className="rp-problem-list" data-testid="lint-problems">
              {problems.map((p, index) => (
                <li key={`${p.rule}:${p.elementId ?? ''}:${index}`}>
                  <Tag color={p.severity === 'error' ? 'red' : 'gold'}>{p.severity === 'error' ? '错误' : '警告'}</Tag>
                  {p.elementId ? (
                    <Button type="link" size="small" onClick={() => select(p.elementId ?? '')} aria-label={`定位元素 ${p.elementId}`}>
                      {p.elementId}
                    </Button>
                  ) : (
                    <span className="rp-problem-resource">整个流程</span>
                  )}
                  <span>{p.message}</span>
                  <Typography.Text type="secondary" className="rp-problem-rule">
                    {p.rule}
                  </Typography.Text>
                </li>
              ))}
            </ul>
          </>
        )}
      </Card>
      {facts?.processId && (
        <ProcessVersions key={facts.processId} bpmnProcessId={facts.processId} token={versionsToken} onOpen={onOpenVersion} />
      )}
    </>
  );
}

function ProcessVersions({
  bpmnProcessId,
  token,
  onOpen,
}: {
  readonly bpmnProcessId: string;
  readonly token: number;
  readonly onOpen: (xml: string, fileName: string, origin: string) => void;
}) {
  const { api } = useAuth();
  const versions = useLoad((signal) => api.processDefinitions(bpmnProcessId, signal), [api, bpmnProcessId, token]);
  const [oldKey, setOldKey] = useState<string | undefined>();
  const [newKey, setNewKey] = useState<string | undefined>();
  const [comparison, setComparison] = useState<
    | { status: 'loading' }
    | { status: 'ready'; old: ProcessDefinitionVersion; new: ProcessDefinitionVersion; oldXml: string; newXml: string }
    | { status: 'failed'; error: string }
    | undefined
  >();
  const list = versions.data ?? [];
  // Default: the newest version against the one before it.
  const chosenNew = newKey ?? list[0]?.processDefinitionKey;
  const chosenOld = oldKey ?? list[1]?.processDefinitionKey;

  const openVersion = async (version: ProcessDefinitionVersion) => {
    try {
      const detail = await api.processDefinition(version.processDefinitionKey);
      onOpen(detail.bpmnXml, detail.resourceName, `已部署的第 ${detail.version} 版`);
    } catch (error) {
      setComparison({ status: 'failed', error: errorMessage(error) });
    }
  };

  const compare = async () => {
    const older = list.find((v) => v.processDefinitionKey === chosenOld);
    const newer = list.find((v) => v.processDefinitionKey === chosenNew);
    if (!older || !newer) return;
    setComparison({ status: 'loading' });
    try {
      const [a, b] = await Promise.all([
        api.processDefinition(older.processDefinitionKey),
        api.processDefinition(newer.processDefinitionKey),
      ]);
      setComparison({ status: 'ready', old: older, new: newer, oldXml: a.bpmnXml, newXml: b.bpmnXml });
    } catch (error) {
      setComparison({ status: 'failed', error: errorMessage(error) });
    }
  };

  const options = list.map((v) => ({ value: v.processDefinitionKey, label: `第 ${v.version} 版（${formatDateTime(v.deployedAt)}）` }));

  return (
    <Card className="rp-section" title={`版本（${bpmnProcessId}）`}>
      {versions.status === 'failed' && <Alert type="error" showIcon message={`版本加载失败：${versions.error.message}`} />}
      <Table<ProcessDefinitionVersion>
        data-testid="process-versions"
        size="small"
        rowKey="processDefinitionKey"
        loading={versions.status === 'loading'}
        dataSource={list}
        pagination={false}
        locale={{ emptyText: <Empty description="此流程尚未部署" /> }}
        columns={[
          { title: '版本', dataIndex: 'version', width: 90, render: (v: number) => `第 ${v} 版` },
          { title: '名称', dataIndex: 'name', render: (name: string | null) => name ?? '—' },
          { title: '部署时间', dataIndex: 'deployedAt', width: 200, render: (at: string) => formatDateTime(at) },
          { title: '资源', dataIndex: 'resourceName' },
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
      {list.length >= 2 && (
        <Space wrap className="rp-diff-controls">
          <span id="diff-old-label">旧版本</span>
          <Select
            aria-labelledby="diff-old-label"
            value={chosenOld}
            options={options}
            onChange={setOldKey}
            style={{ minWidth: 260 }}
            data-testid="diff-old"
          />
          <span id="diff-new-label">新版本</span>
          <Select
            aria-labelledby="diff-new-label"
            value={chosenNew}
            options={options}
            onChange={setNewKey}
            style={{ minWidth: 260 }}
            data-testid="diff-new"
          />
          <Button onClick={() => void compare()} disabled={!chosenOld || !chosenNew || chosenOld === chosenNew} data-testid="diff-button">
            对比
          </Button>
        </Space>
      )}
      {comparison?.status === 'loading' && <Skeleton active />}
      {comparison?.status === 'failed' && <Alert type="error" showIcon message={comparison.error} />}
      {comparison?.status === 'ready' && (
        <BpmnDiff
          key={`${comparison.old.processDefinitionKey}-${comparison.new.processDefinitionKey}`}
          oldXml={comparison.oldXml}
          newXml={comparison.newXml}
          oldLabel={`第 ${comparison.old.version} 版`}
          newLabel={`第 ${comparison.new.version} 版`}
        />
      )}
    </Card>
  );
}
