/** Edit or add one variable of a running instance (SetVariables): the value is JSON when it parses, else text. */
import { Alert, Form, Input, Modal, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { ApiError } from '../../api/client';
import { parseVariableInput, variableEditText } from './monitor-format';

export interface VariableEdit {
  /** Undefined: a new variable, named in the dialog. */
  readonly name?: string;
  readonly value?: unknown;
}

export function VariableModal({
  edit,
  onSave,
  onClose,
}: {
  readonly edit: VariableEdit | undefined;
  readonly onSave: (name: string, value: unknown) => Promise<void>;
  readonly onClose: () => void;
}) {
  const [name, setName] = useState('');
  const [text, setText] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError>();

  useEffect(() => {
    setName(edit?.name ?? '');
    setText(variableEditText(edit?.value));
    setError(undefined);
  }, [edit]);

  const save = async () => {
    setSaving(true);
    setError(undefined);
    try {
      await onSave(name.trim(), parseVariableInput(text));
      onClose();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'UNKNOWN', '保存失败，请稍后重试'));
    } finally {
      setSaving(false);
    }
  };

  const nameError = error?.messageFor(`variables.${name.trim()}`) ?? error?.messageFor('variables');
  return (
    <Modal
      open={edit !== undefined}
      title={edit?.name ? `修改变量 ${edit.name}` : '设置变量'}
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      okButtonProps={{ disabled: name.trim() === '' }}
      onOk={() => void save()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item label="变量名" required validateStatus={nameError ? 'error' : undefined} help={nameError}>
          <Input
            aria-label="变量名"
            value={name}
            disabled={edit?.name !== undefined}
            placeholder="如 budget"
            onChange={(e) => setName(e.target.value)}
          />
        </Form.Item>
        <Form.Item label="值" extra='按 JSON 读取：数字写 1500，文字写 "文字"（不是合法 JSON 时按文字保存）。'>
          <Input.TextArea
            aria-label="变量值"
            value={text}
            autoSize={{ minRows: 3, maxRows: 12 }}
            className="rp-monitor-value"
            onChange={(e) => setText(e.target.value)}
          />
        </Form.Item>
      </Form>
      {error && !nameError && <Alert type="error" showIcon title={error.message} />}
      <Typography.Paragraph type="secondary">变量写入流程实例的根作用域；单位变量与发起人变量不能在此修改。</Typography.Paragraph>
    </Modal>
  );
}
