/** 新建用户: account, first role and unit; the server's field errors land on their fields. */
import type { RoleId } from '@rp/domain';
import { Alert, App, Button, Drawer, Form, Input, Select, Space } from 'antd';
import { useState } from 'react';
import { applyServerErrors } from '../../api/form-errors';
import type { OrgUnit, User } from '../../api/types';
import { useAuth } from '../../auth/auth-context';
import { ROLE_OPTIONS } from './role-options';
import { UnitTreeSelect } from './unit-tree-select';

interface CreateUserValues {
  username: string;
  displayName: string;
  password: string;
  orgUnitId: string;
  role: RoleId;
}

/** Server request paths → this form's fields. */
const FIELD_MAP: Readonly<Record<string, string>> = {
  username: 'username',
  displayName: 'displayName',
  password: 'password',
  memberships: 'orgUnitId',
  'memberships[].orgUnitId': 'orgUnitId',
  'memberships[].role': 'role',
};

export function CreateUserDrawer({
  open,
  units,
  defaultUnitId,
  onClose,
  onCreated,
}: {
  readonly open: boolean;
  readonly units: readonly OrgUnit[];
  readonly defaultUnitId: string | undefined;
  readonly onClose: () => void;
  readonly onCreated: (user: User) => void;
}) {
  const { api } = useAuth();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateUserValues>();
  const [submitting, setSubmitting] = useState(false);
  const [formError, setFormError] = useState<string>();

  // The form mounts afresh on every opening (destroyOnHidden + preserve={false}), so its
  // initial values apply each time, with no effect racing the official's first keystrokes.
  const close = () => {
    setFormError(undefined);
    onClose();
  };

  const submit = async (values: CreateUserValues) => {
    setSubmitting(true);
    setFormError(undefined);
    try {
      const user = await api.createUser({
        username: values.username.trim(),
        displayName: values.displayName,
        password: values.password,
        memberships: [{ orgUnitId: values.orgUnitId, role: values.role }],
      });
      void message.success(`已创建用户“${user.displayName}”`);
      setFormError(undefined);
      onCreated(user);
    } catch (error) {
      setFormError(applyServerErrors(form, error, FIELD_MAP, 'username').formMessage);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Drawer
      title="新建用户"
      open={open}
      onClose={close}
      size={480}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={close}>取消</Button>
          <Button type="primary" loading={submitting} onClick={() => form.submit()} data-testid="create-user-submit">
            创建
          </Button>
        </Space>
      }
    >
      {formError && <Alert type="error" showIcon role="alert" title={formError} style={{ marginBottom: 16 }} />}
      <Form<CreateUserValues>
        form={form}
        name="createUser"
        preserve={false}
        initialValues={defaultUnitId ? { orgUnitId: defaultUnitId } : {}}
        layout="vertical"
        onFinish={(values) => void submit(values)}
        disabled={submitting}
      >
        <Form.Item
          label="用户名"
          name="username"
          extra="登录用：小写字母、数字及 . _ -，3–64 个字符，如 zhang.san"
          rules={[{ required: true, whitespace: true, message: '请输入用户名' }]}
        >
          <Input autoComplete="off" maxLength={64} />
        </Form.Item>
        <Form.Item
          label="姓名"
          name="displayName"
          extra="如：南营社区党委 李书记"
          rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          label="初始密码"
          name="password"
          extra="至少 8 个字符；请通过安全渠道告知本人"
          rules={[{ required: true, message: '请输入初始密码' }]}
        >
          <Input.Password autoComplete="new-password" maxLength={200} />
        </Form.Item>
        <Form.Item label="组织单元" name="orgUnitId" rules={[{ required: true, message: '请选择组织单元' }]}>
          <UnitTreeSelect units={units} />
        </Form.Item>
        <Form.Item label="角色" name="role" rules={[{ required: true, message: '请选择角色' }]}>
          <Select options={[...ROLE_OPTIONS]} placeholder="选择角色" showSearch={{ optionFilterProp: 'label' }} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
