/** 新建下级单元: a unit directly under the selected one, at a level the standard allows there. */
import { childLevelsOf, ORG_LEVEL_NAMES, type OrgLevel } from '@rp/domain';
import { Alert, App, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { applyServerErrors } from '../../api/form-errors';
import type { OrgUnit, OrgUnitDetail } from '../../api/types';
import { useAuth } from '../../auth/auth-context';

interface CreateUnitValues {
  id: string;
  name: string;
  level: OrgLevel;
}

const FIELD_MAP: Readonly<Record<string, string>> = { id: 'id', name: 'name', level: 'level', parentId: 'level' };

export function CreateUnitModal({
  parent,
  onClose,
  onCreated,
}: {
  /** The unit to create under; the modal is open while this is set. */
  readonly parent: OrgUnit | undefined;
  readonly onClose: () => void;
  readonly onCreated: (unit: OrgUnitDetail) => void;
}) {
  const { api } = useAuth();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateUnitValues>();
  const [submitting, setSubmitting] = useState(false);
  const [formError, setFormError] = useState<string>();
  const levels = parent ? childLevelsOf(parent.level) : [];

  // Fresh on every opening (destroyOnHidden + preserve={false}): the level when only one is
  // allowed, and an id that continues the parent's (wf-dongda-… under wf-dongda).
  const initialValues: Partial<CreateUnitValues> = parent
    ? { id: `${parent.id}-`, ...(levels.length === 1 ? { level: levels[0] } : {}) }
    : {};
  const close = () => {
    setFormError(undefined);
    onClose();
  };

  const submit = async (values: CreateUnitValues) => {
    if (!parent) return;
    setSubmitting(true);
    setFormError(undefined);
    try {
      const unit = await api.createOrgUnit({ id: values.id.trim(), name: values.name, level: values.level, parentId: parent.id });
      void message.success(`已新建${unit.levelName}“${unit.name}”`);
      setFormError(undefined);
      onCreated(unit);
    } catch (error) {
      setFormError(applyServerErrors(form, error, FIELD_MAP, 'id').formMessage);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      title={parent ? `在“${parent.name}”下新建单元` : '新建下级单元'}
      open={parent !== undefined}
      onCancel={close}
      onOk={() => form.submit()}
      okText="创建"
      cancelText="取消"
      confirmLoading={submitting}
      destroyOnHidden
    >
      {formError && <Alert type="error" showIcon role="alert" title={formError} style={{ marginBottom: 16 }} />}
      <Form<CreateUnitValues>
        form={form}
        name="createUnit"
        preserve={false}
        initialValues={initialValues}
        layout="vertical"
        onFinish={(values) => void submit(values)}
        disabled={submitting}
      >
        <Form.Item
          label="名称"
          name="name"
          extra="如：南营社区、锦绣花园小区、第一网格"
          rules={[{ required: true, whitespace: true, message: '请输入名称' }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item label="层级" name="level" rules={[{ required: true, message: '请选择层级' }]}>
          <Select options={levels.map((level) => ({ value: level, label: ORG_LEVEL_NAMES[level] }))} placeholder="选择层级" />
        </Form.Item>
        <Form.Item
          label="标识"
          name="id"
          extra="小写字母、数字，以连字符分隔；用于候选组（如 community-party:wf-dongda-nanying），创建后不能修改"
          rules={[{ required: true, whitespace: true, message: '请输入标识' }]}
        >
          <Input maxLength={64} autoComplete="off" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
