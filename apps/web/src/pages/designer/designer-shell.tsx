/**
 * What 流程设计 and 表单设计 share: the page (新建, 导入, ?process= / ?form= opening the latest
 * deployed version, the list of deployed definitions), the editor card (部署, 下载, 返回, the
 * deploy outcome, the 有未部署的修改 tag and the question before changes are thrown away) and
 * the table of versions. Each page passes in only what differs: where its definitions come
 * from, how to create and read its documents, and its editor.
 */
import { Alert, App, Button, Card, Empty, List, Skeleton, Space, Table, Tag, type TableColumnsType } from 'antd';
import { Fragment, useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import type { Endpoints } from '../../api/endpoints';
import { useLoad } from '../../api/use-load';
import { useAuth } from '../../auth/auth-context';
import { formatDateTime } from '../../i18n/format';
import { PageHeader } from '../../layout/page-header';
import { DeployProblems } from './deploy-problems';
import { deployProblemsOf, latestOfEach, type DeployProblem } from './designer-model';
import { useUnsavedChangesGuard } from './unsaved-changes';
import './designer.css';

/** The definition in the editor and where it came from. */
export interface DesignDocument<T> {
  /** Changes on every load, so the editor remounts. */
  readonly token: number;
  readonly content: T;
  readonly fileName: string | undefined;
  /** 第 N 版 of a deployed definition, or how it was started. */
  readonly origin: string;
}

/** What the designers read of a deployed version (a row of GET /api/process-definitions or /api/form-definitions). */
export interface DeployedVersion {
  readonly version: number;
  readonly resourceName: string;
  readonly deployedAt: string;
}

/** Where a designer's definitions come from: T is the editor's content, V a deployed version. */
export interface DefinitionSource<T, V extends DeployedVersion> {
  /** Every deployed version, newest first; of one definition when `id` is given. */
  readonly versions: (api: Endpoints, id: string | undefined, signal?: AbortSignal) => Promise<V[]>;
  /** A deployed version's content (BPMN XML, form schema). */
  readonly content: (api: Endpoints, version: V, signal?: AbortSignal) => Promise<T>;
  /** The definition a version belongs to (bpmnProcessId, formId). */
  readonly idOf: (version: V) => string;
  /** A new definition (新建). */
  readonly blank: () => T;
  /** A local file's content (导入); throws an Error with a Chinese message when it cannot be used. */
  readonly readFile: (file: File) => Promise<T>;
}

/** What the page hands its editor. */
export interface EditorSlot<T, V extends DeployedVersion = DeployedVersion> {
  readonly wording: DesignerWording;
  readonly source: DefinitionSource<T, V>;
  readonly document: DesignDocument<T>;
  /** Changes not deployed yet. */
  readonly dirty: boolean;
  readonly onEdited: () => void;
  readonly onDeployed: () => void;
  readonly onClose: () => void;
  /** Opens a deployed version in the editor (after asking, when there are changes). */
  readonly onOpenVersion: (version: V) => void;
}

/** The words and file types of one designer. */
export interface DesignerWording {
  /** 流程 or 表单: the page is 流程设计, its buttons 新建流程, 返回流程列表… */
  readonly noun: string;
  /** The query parameter that names the definition to open, also the prefix of test ids: `process` or `form`. */
  readonly param: string;
  readonly description: string;
  /** The 导入 button and the file types it offers. */
  readonly importFile: { readonly label: string; readonly accept: string };
}

/** What the shared editor parts read of a slot, whatever the document's content. */
type SlotBasics = Omit<EditorSlot<unknown>, 'onOpenVersion' | 'source'>;

let documentCounter = 0;

/** What makes one designer: its words, where its definitions come from, how its list shows them. */
export interface DesignerDefinition<T, V extends DeployedVersion> {
  readonly wording: DesignerWording;
  readonly source: DefinitionSource<T, V>;
  /** How the list of deployed definitions shows the latest version of each. */
  readonly listItem: ListItemText<V>;
}

export function DesignerPage<T, V extends DeployedVersion>(
  props: DesignerDefinition<T, V> & { readonly editor: (slot: EditorSlot<T, V>) => ReactNode },
) {
  const { wording, source, editor } = props;
  const { api } = useAuth();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const requested = params.get(wording.param);
  const [document, setDocument] = useState<DesignDocument<T> | undefined>();
  const [loadError, setLoadError] = useState<string | undefined>();
  const [dirty, setDirty] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const confirmDiscard = useUnsavedChangesGuard(dirty);

  const open = useCallback((content: T, fileName: string | undefined, origin: string) => {
    documentCounter += 1;
    setLoadError(undefined);
    setDirty(false);
    setDocument({ token: documentCounter, content, fileName, origin });
  }, []);

  // ?process=<bpmnProcessId> / ?form=<formId> opens that definition's latest deployed version.
  useEffect(() => {
    if (!requested) return undefined;
    const controller = new AbortController();
    void (async () => {
      try {
        const [latest] = await source.versions(api, requested, controller.signal);
        if (!latest) {
          setLoadError(`${wording.noun} ${requested} 尚未部署`);
          return;
        }
        open(await source.content(api, latest, controller.signal), latest.resourceName, versionOrigin(latest));
      } catch (error) {
        if (!controller.signal.aborted) setLoadError(errorMessage(error));
      }
    })();
    return () => controller.abort();
  }, [api, requested, source, open, wording.noun]);

  // Drops ?process= / ?form=; without one there is nothing to drop, and no second history
  // entry of the same address for the back button to land on.
  const clearRequested = () => {
    if (requested !== null) setParams({});
  };

  const createNew = () =>
    confirmDiscard(() => {
      clearRequested();
      open(source.blank(), undefined, '新建');
    });

  const importFile = async (file: File | undefined) => {
    if (!file) return;
    try {
      const content = await source.readFile(file);
      confirmDiscard(() => {
        clearRequested();
        open(content, file.name, `导入的文件 ${file.name}`);
      });
    } catch (error) {
      message.error(error instanceof Error ? error.message : `${file.name} 无法导入`);
    }
  };

  const openVersion = async (version: V) => {
    try {
      const content = await source.content(api, version);
      confirmDiscard(() => open(content, version.resourceName, versionOrigin(version)));
    } catch (error) {
      message.error(errorMessage(error));
    }
  };

  const close = () =>
    confirmDiscard(() => {
      clearRequested();
      setDocument(undefined);
      setLoadError(undefined);
      setDirty(false);
    });

  const slot: EditorSlot<T, V> | undefined = document && {
    wording,
    source,
    document,
    dirty,
    onEdited: () => setDirty(true),
    onDeployed: () => setDirty(false),
    onClose: close,
    onOpenVersion: (version) => void openVersion(version),
  };

  return (
    <>
      <PageHeader
        title={`${wording.noun}设计`}
        description={wording.description}
        extra={
          <Space wrap>
            <Button onClick={createNew}>新建{wording.noun}</Button>
            <Button onClick={() => fileInput.current?.click()}>{wording.importFile.label}</Button>
            <input
              ref={fileInput}
              type="file"
              accept={wording.importFile.accept}
              hidden
              data-testid={`${wording.param}-file-input`}
              aria-label={`选择要导入的${wording.noun}文件`}
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
          message={`无法打开${wording.noun}：${loadError}`}
          action={
            <Button size="small" onClick={close}>
              返回{wording.noun}列表
            </Button>
          }
        />
      )}
      {!document && !loadError && requested && <Skeleton active />}
      {!document && !requested && <DeployedDefinitions designer={props} onOpen={(id) => setParams({ [wording.param]: id })} />}
      {slot && <Fragment key={slot.document.token}>{editor(slot)}</Fragment>}
    </>
  );
}

const versionOrigin = (version: DeployedVersion) => `已部署的第 ${version.version} 版`;

/** The title and the line under it of a deployed definition in the list. */
export interface ListItemText<V> {
  readonly title: (version: V) => string;
  readonly description: (version: V) => string;
}

/** The latest version of each deployed definition, each with an 编辑 button. */
function DeployedDefinitions<T, V extends DeployedVersion>({
  designer: { wording, source, listItem },
  onOpen,
}: {
  readonly designer: DesignerDefinition<T, V>;
  readonly onOpen: (id: string) => void;
}) {
  const { api } = useAuth();
  const { noun } = wording;
  const versions = useLoad((signal) => source.versions(api, undefined, signal), [api, source]);
  const latest = versions.data && latestOfEach(versions.data, source.idOf).sort((a, b) => source.idOf(a).localeCompare(source.idOf(b)));
  return (
    <Card className="rp-section" title={`已部署的${noun}`}>
      {versions.status === 'failed' && (
        <Alert
          type="error"
          showIcon
          message={`${noun}加载失败：${versions.error.message}`}
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
          data-testid={`${wording.param}-definition-list`}
          dataSource={latest}
          locale={{ emptyText: <Empty description={`尚未部署任何${noun}，可新建或${wording.importFile.label}`} /> }}
          renderItem={(item) => (
            <List.Item
              actions={[
                <Button
                  key="edit"
                  type="primary"
                  onClick={() => onOpen(source.idOf(item))}
                  aria-label={`编辑${noun} ${listItem.title(item)}`}
                >
                  编辑
                </Button>,
              ]}
            >
              <List.Item.Meta title={listItem.title(item)} description={listItem.description(item)} />
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

/** 部署 in progress, its outcome, and a counter that makes the versions table reload after it. */
export interface Deployment {
  readonly deploying: boolean;
  readonly deployed: string | undefined;
  readonly problems: readonly DeployProblem[];
  readonly versionsToken: number;
  /** Runs a deployment that resolves to the success text, or rejects with the server's refusal. */
  readonly deploy: (run: () => Promise<string>) => Promise<void>;
  /** A problem found before anything is sent. */
  readonly refuse: (problem: string) => void;
}

export function useDeployment(slot: SlotBasics): Deployment {
  const { message } = App.useApp();
  const [deploying, setDeploying] = useState(false);
  const [deployed, setDeployed] = useState<string | undefined>();
  const [problems, setProblems] = useState<readonly DeployProblem[]>([]);
  const [versionsToken, setVersionsToken] = useState(0);
  const { onDeployed } = slot;

  const deploy = async (run: () => Promise<string>) => {
    setDeploying(true);
    setDeployed(undefined);
    setProblems([]);
    try {
      const text = await run();
      setDeployed(text);
      onDeployed();
      message.success(text);
      setVersionsToken((t) => t + 1);
    } catch (error) {
      setProblems(deployProblemsOf(error));
    } finally {
      setDeploying(false);
    }
  };
  const refuse = (problem: string) => {
    setDeployed(undefined);
    setProblems([{ resource: undefined, elementId: undefined, message: problem }]);
  };
  return { deploying, deployed, problems, versionsToken, deploy, refuse };
}

/** The editor's card: its name and origin, 部署 / 下载 / 返回, and the deploy outcome above the editor. */
export function DesignerCard({
  slot,
  deployment,
  name,
  subtitle,
  canDeploy = true,
  onDeploy,
  downloadLabel,
  canDownload = true,
  onDownload,
  importError,
  onSelectElement,
  children,
}: {
  readonly slot: SlotBasics;
  readonly deployment: Deployment;
  readonly name: string;
  readonly subtitle?: ReactNode;
  readonly canDeploy?: boolean;
  readonly onDeploy: () => void;
  readonly downloadLabel: string;
  readonly canDownload?: boolean;
  readonly onDownload: () => void;
  readonly importError: string | undefined;
  readonly onSelectElement?: (elementId: string) => void;
  readonly children: ReactNode;
}) {
  return (
    <Card
      className="rp-section rp-designer-card"
      title={
        <Space wrap>
          <span data-testid="designer-title">{name}</span>
          {subtitle}
          <Tag>{slot.document.origin}</Tag>
          {slot.dirty && (
            <Tag color="orange" data-testid="unsaved-tag">
              有未部署的修改
            </Tag>
          )}
        </Space>
      }
      extra={
        <Space wrap>
          <Button type="primary" onClick={onDeploy} loading={deployment.deploying} disabled={!canDeploy} data-testid="deploy-button">
            部署
          </Button>
          <Button onClick={onDownload} disabled={!canDownload}>
            {downloadLabel}
          </Button>
          <Button onClick={slot.onClose}>返回{slot.wording.noun}列表</Button>
        </Space>
      }
    >
      {importError && (
        <Alert type="error" showIcon role="alert" message={`无法打开该${slot.wording.noun}：${importError}`} className="rp-form-alert" />
      )}
      {deployment.deployed && (
        <Alert type="success" showIcon message={deployment.deployed} data-testid="deploy-success" className="rp-form-alert" />
      )}
      {deployment.problems.length > 0 && <DeployProblems problems={deployment.problems} onSelectElement={onSelectElement} />}
      {children}
    </Card>
  );
}

/** Every deployed version of one definition, newest first, each can be opened in the editor. */
export function DefinitionVersions<T, V extends DeployedVersion>({
  slot,
  definitionId,
  token,
  rowKey,
  extraColumns = [],
  below,
}: {
  readonly slot: EditorSlot<T, V>;
  readonly definitionId: string;
  /** Changes after each deployment, so the table reloads. */
  readonly token: number;
  readonly rowKey: keyof V & string;
  /** Shown between 版本 and 部署时间. */
  readonly extraColumns?: TableColumnsType<V>;
  /** Below the table, e.g. the version comparison. */
  readonly below?: (versions: readonly V[]) => ReactNode;
}) {
  const { api } = useAuth();
  const { source, wording } = slot;
  const versions = useLoad((signal) => source.versions(api, definitionId, signal), [api, source, definitionId, token]);
  return (
    <Card className="rp-section" title={`版本（${definitionId}）`}>
      {versions.status === 'failed' && <Alert type="error" showIcon message={`版本加载失败：${versions.error.message}`} />}
      <Table<V>
        data-testid={`${wording.param}-versions`}
        size="small"
        rowKey={rowKey}
        loading={versions.status === 'loading'}
        dataSource={versions.data ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description={`此${wording.noun}尚未部署`} /> }}
        columns={[
          { title: '版本', dataIndex: 'version', width: 90, render: (v: number) => `第 ${v} 版` },
          ...extraColumns,
          { title: '部署时间', dataIndex: 'deployedAt', width: 200, render: (at: string) => formatDateTime(at) },
          { title: '资源', dataIndex: 'resourceName' },
          {
            title: '操作',
            key: 'actions',
            width: 140,
            render: (_, v) => (
              <Button size="small" onClick={() => slot.onOpenVersion(v)} aria-label={`在编辑器中打开第 ${v.version} 版`}>
                打开此版本
              </Button>
            ),
          },
        ]}
      />
      {below?.(versions.data ?? [])}
    </Card>
  );
}
