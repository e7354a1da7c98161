/**
 * 流程设计 (/designer/processes, admins): pick a deployed process or start a new one or
 * import a .bpmn file; edit it in the Camunda 8 modeler with its properties panel; see
 * bpmnlint's Camunda 8.8 problems live; 部署 (POST /api/deployments); its versions and a
 * visual diff of any two. This page's chunk carries bpmn-js: it loads only here. The page,
 * the editor card and the versions table are shared with 表单设计 (designer-shell.tsx).
 */
import { Alert, App, Badge, Button, Card, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { errorMessage } from '../../api/client';
import type { ProcessDefinitionVersion } from '../../api/types';
import { useAuth } from '../../auth/auth-context';
import { formatDateTime } from '../../i18n/format';
import { BpmnDiff } from './bpmn-diff';
import type { LintProblem } from './bpmn-lint';
import { BpmnModeler, newDiagramXml, type DiagramFacts, type ModelerHandle } from './bpmn-modeler';
import { DefinitionVersions, DesignerCard, DesignerPage, useDeployment } from './designer-shell';
import type { DefinitionSource, DesignerWording, EditorSlot } from './designer-shell';
import { downloadText, newId, resourceNameFor } from './designer-model';

const MAX_FILE_BYTES = 1024 * 1024;

const PROCESSES: DefinitionSource<string, ProcessDefinitionVersion> = {
  versions: (api, bpmnProcessId, signal) => api.processDefinitions(bpmnProcessId, signal),
  content: async (api, version, signal) => (await api.processDefinition(version.processDefinitionKey, signal)).bpmnXml,
  idOf: (version) => version.bpmnProcessId,
  blank: () => newDiagramXml(newId('Process'), '新流程'),
  readFile: async (file) => {
    if (file.size > MAX_FILE_BYTES) throw new Error('文件超过 1 MB，无法导入');
    return file.text();
  },
};

const WORDING: DesignerWording = {
  noun: '流程',
  param: 'process',
  description: '编辑流程图（Camunda 8 建模器），实时检查是否符合 Camunda 8.8，部署为新版本，并对比任意两个版本。',
  importFile: { label: '导入 BPMN 文件', accept: '.bpmn,.xml' },
};

export default function ProcessDesignerPage() {
  return (
    <DesignerPage
      wording={WORDING}
      source={PROCESSES}
      listItem={{
        title: (p) => p.name ?? p.bpmnProcessId,
        description: (p) => `${p.bpmnProcessId} · 第 ${p.version} 版 · ${formatDateTime(p.deployedAt)} 部署`,
      }}
      editor={(slot) => <ProcessEditor slot={slot} />}
    />
  );
}

function ProcessEditor({ slot }: { readonly slot: EditorSlot<string, ProcessDefinitionVersion> }) {
  const { api } = useAuth();
  const { message } = App.useApp();
  const { document } = slot;
  const handle = useRef<ModelerHandle | undefined>(undefined);
  const [facts, setFacts] = useState<DiagramFacts | undefined>();
  const [problems, setProblems] = useState<readonly LintProblem[] | undefined>();
  const [importError, setImportError] = useState<string | undefined>();
  const deployment = useDeployment(slot);

  const select = (elementId: string) => {
    if (!handle.current?.select(elementId)) message.warning(`图中没有元素 ${elementId}`);
  };

  const deploy = () => {
    const modeler = handle.current;
    const processId = facts?.processId;
    if (!modeler || !processId) return;
    void deployment.deploy(async () => {
      const xml = await modeler.saveXml();
      const result = await api.deploy([{ name: resourceNameFor(document.fileName, processId, 'bpmn'), content: xml }]);
      const process = result.deployed.find((d) => d.kind === 'process');
      return process ? `已部署：${facts.processName ?? process.id} 第 ${process.version} 版` : '已部署';
    });
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
      <DesignerCard
        slot={slot}
        deployment={deployment}
        name={facts?.processName ?? facts?.processId ?? '流程'}
        subtitle={facts?.processId && <Typography.Text type="secondary">{facts.processId}</Typography.Text>}
        canDeploy={Boolean(facts?.processId)}
        onDeploy={deploy}
        downloadLabel="下载 .bpmn"
        canDownload={Boolean(facts)}
        onDownload={() => void download()}
        importError={importError}
        onSelectElement={select}
      >
        <BpmnModeler
          xml={document.content}
          onReady={(h, f) => {
            handle.current = h;
            setFacts(f);
          }}
          onChange={(f) => {
            setFacts(f);
            slot.onEdited();
          }}
          onLint={setProblems}
          onImportError={setImportError}
        />
      </DesignerCard>
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
        <DefinitionVersions
          key={facts.processId}
          slot={slot}
          definitionId={facts.processId}
          token={deployment.versionsToken}
          rowKey="processDefinitionKey"
          extraColumns={[{ title: '名称', dataIndex: 'name', render: (name: string | null) => name ?? '—' }]}
          below={(versions) => <VersionComparison versions={versions} />}
        />
      )}
    </>
  );
}

/** 对比: two versions side by side (bpmn-diff.tsx), by default the newest against the one before it. */
function VersionComparison({ versions: list }: { readonly versions: readonly ProcessDefinitionVersion[] }) {
  const { api } = useAuth();
  const [oldKey, setOldKey] = useState<string | undefined>();
  const [newKey, setNewKey] = useState<string | undefined>();
  const [comparison, setComparison] = useState<
    | { status: 'loading' }
    | { status: 'ready'; old: ProcessDefinitionVersion; new: ProcessDefinitionVersion; oldXml: string; newXml: string }
    | { status: 'failed'; error: string }
    | undefined
  >();
  const chosenNew = newKey ?? list[0]?.processDefinitionKey;
  const chosenOld = oldKey ?? list[1]?.processDefinitionKey;

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
    <>
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
    </>
  );
}
