/**
 * 表单设计 (/designer/forms, admins): pick a deployed form or start a new one; edit it in
 * form-js's editor with a live preview; 部署 (POST /api/deployments, the server checks the
 * schema as strictly as at boot); its versions. This page's chunk carries the form-js editor.
 * The page, the editor card and the versions table are shared with 流程设计 (designer-shell.tsx).
 */
import { Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { FormDefinitionVersion } from '../../api/types';
import { useAuth } from '../../auth/auth-context';
import { FormViewer } from '../../forms/form-viewer';
import { formatDateTime } from '../../i18n/format';
import { DefinitionVersions, DesignerCard, DesignerPage, useDeployment } from './designer-shell';
import type { DefinitionSource, DesignerWording, EditorSlot } from './designer-shell';
import { downloadText, newId, resourceNameFor } from './designer-model';
import { FormSchemaEditor, type FormEditorHandle } from './form-editor';

type Schema = Record<string, unknown>;

const EMPTY_DATA: Schema = {};
const PREVIEW_DELAY_MS = 300;

async function readFormFile(file: File): Promise<Schema> {
  const notAForm = new Error(`${file.name} 不是 form-js 表单（JSON）`);
  let schema: unknown;
  try {
    schema = JSON.parse(await file.text());
  } catch {
    throw notAForm;
  }
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) throw notAForm;
  return schema as Schema;
}

const FORMS: DefinitionSource<Schema, FormDefinitionVersion> = {
  versions: (api, formId, signal) => api.formDefinitions(formId, signal),
  content: async (api, version, signal) => (await api.formDefinition(version.formKey, signal)).schema,
  idOf: (version) => version.formId,
  blank: () => ({ type: 'default', id: newId('Form'), schemaVersion: 18, components: [] }),
  readFile: readFormFile,
};

const WORDING: DesignerWording = {
  noun: '表单',
  param: 'form',
  description: '用 form-js 编辑器设计任务表单，右侧实时预览；部署时服务器按启动时同样的规则校验，并生成新版本。',
  importFile: { label: '导入表单文件', accept: '.form,.json' },
};

const formIdOf = (schema: Schema): string | undefined => (typeof schema.id === 'string' ? schema.id : undefined);

export default function FormDesignerPage() {
  return (
    <DesignerPage
      wording={WORDING}
      source={FORMS}
      listItem={{
        title: (f) => f.formId,
        description: (f) => `第 ${f.version} 版 · ${f.resourceName} · ${formatDateTime(f.deployedAt)} 部署`,
      }}
      editor={(slot) => <FormDesigner slot={slot} />}
    />
  );
}

function FormDesigner({ slot }: { readonly slot: EditorSlot<Schema, FormDefinitionVersion> }) {
  const { api } = useAuth();
  const { document } = slot;
  const handle = useRef<FormEditorHandle | undefined>(undefined);
  const [preview, setPreview] = useState<Schema>(document.content);
  const [formId, setFormId] = useState<string | undefined>(formIdOf(document.content));
  const [importError, setImportError] = useState<string | undefined>();
  const deployment = useDeployment(slot);
  const previewTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => () => clearTimeout(previewTimer.current), []);

  const changed = (schema: Schema) => {
    slot.onEdited();
    setFormId(formIdOf(schema));
    clearTimeout(previewTimer.current);
    previewTimer.current = setTimeout(() => setPreview(schema), PREVIEW_DELAY_MS);
  };

  const deploy = () => {
    const schema = handle.current?.schema();
    if (!schema) return;
    const id = formIdOf(schema);
    if (!id) {
      deployment.refuse('表单缺少 ID：请在属性面板中选中表单，填写“ID”后再部署');
      return;
    }
    void deployment.deploy(async () => {
      const result = await api.deploy([{ name: resourceNameFor(document.fileName, id, 'form'), content: JSON.stringify(schema, null, 2) }]);
      const form = result.deployed.find((d) => d.kind === 'form');
      return form ? `已部署：表单 ${form.id} 第 ${form.version} 版` : '已部署';
    });
  };

  const download = () => {
    const schema = handle.current?.schema();
    if (schema)
      downloadText(resourceNameFor(document.fileName, formId ?? 'form', 'form'), JSON.stringify(schema, null, 2), 'application/json');
  };

  return (
    <>
      <DesignerCard
        slot={slot}
        deployment={deployment}
        name={formId ?? '表单'}
        onDeploy={deploy}
        downloadLabel="下载 .form"
        onDownload={download}
        importError={importError}
      >
        <div className="rp-form-designer">
          <FormSchemaEditor
            schema={document.content}
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
      </DesignerCard>
      {formId && (
        <DefinitionVersions
          key={formId}
          slot={slot}
          definitionId={formId}
          token={deployment.versionsToken}
          rowKey="formKey"
          extraColumns={[
            { title: '表单键', dataIndex: 'formKey', render: (key: string) => <Typography.Text type="secondary">{key}</Typography.Text> },
          ]}
        />
      )}
    </>
  );
}
