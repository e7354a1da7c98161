/** One user: their memberships (add, remove), and deactivating or reactivating the account. */
import type { RoleId } from '@rp/domain';
import { Alert, App, Button, Descriptions, Divider, Drawer, Form, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { applyServerErrors } from '../../api/form-errors';
import { errorMessage } from '../../api/client';
import type { OrgUnit, User } from '../../api/types';
import { useAuth } from '../../auth/auth-context';
import { formatUnitPath } from '../../i18n/format';
import type { UnitPathNames } from '../../org/unit-paths';
import { ROLE_OPTIONS } from './role-options';
import { UnitTreeSelect } from './unit-tree-select';

interface AddMembershipValues {
  orgUnitId: string;
  role: RoleId;
}

const FIELD_MAP: Readonly<Record<string, string>> = { orgUnitId: 'orgUnitId', role: 'role' };

export function UserDrawer({
  user,
  units,
  pathNames,
  isSelf,
  onClose,
  onChanged,
}: {
  readonly user: User | undefined;
  readonly units: readonly OrgUnit[];
  readonly pathNames: UnitPathNames;
  readonly isSelf: boolean;
  readonly onClose: () => void;
  readonly onChanged: (user: User) => void;
}) {
  const { api } = useAuth();
  const { message } = App.useApp();
  const [form] = Form.useForm<AddMembershipValues>();
  const [busy, setBusy] = useState<string>();
  const [formError, setFormError] = useState<string>();

  // The add-role form remounts per user (keyed, preserve={false}); only the message is state here.
  useEffect(() => setFormError(undefined), [user?.id]);

  const run = async (key: string, work: () => Promise<User>, done: string) => {
    setBusy(key);
    try {
      const updated = await work();
      void message.success(done);
      onChanged(updated);
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      setBusy(undefined);
    }
  };

  const addMembership = async (values: AddMembershipValues) => {
    if (!user) return;
    setBusy('add');
    setFormError(undefined);
    try {
      const updated = await api.addMembership(user.id, { orgUnitId: values.orgUnitId, role: values.role });
      void message.success('已添加角色');
      form.resetFields();
      onChanged(updated);
    } catch (error) {
      setFormError(applyServerErrors(form, error, FIELD_MAP).formMessage);
    } finally {
      setBusy(undefined);
    }
  };

  const readOnly = !user?.manageable;
  return (
    <Drawer title={user ? `用户：${user.displayName}` : '用户'} open={user !== undefined} onClose={onClose} size={560}>
      {user && (
        <>
          {readOnly && (
            <Alert type="info" showIcon title="该用户在您管理范围之外另有角色，只能查看，不能修改。" style={{ marginBottom: 16 }} />
          )}
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label="姓名">{user.displayName}</Descriptions.Item>
            <Descriptions.Item label="用户名">{user.username}</Descriptions.Item>
            <Descriptions.Item label="状态">{user.active ? <Tag color="green">启用</Tag> : <Tag>已停用</Tag>}</Descriptions.Item>
          </Descriptions>

          <Divider titlePlacement="start">角色与组织单元</Divider>
          <ul className="rp-membership-list" aria-label="角色与组织单元">
            {user.memberships.map((m) => (
              <li key={m.id}>
                <div>
                  <Tag color={m.role === 'admin' ? 'red' : 'blue'}>{m.roleName}</Tag>
                  {m.orgUnit.name}
                  <div className="rp-unit-path">{formatUnitPath(pathNames.get(m.orgUnit.id) ?? [m.orgUnit.name])}</div>
                </div>
                {!readOnly && (
                  <Popconfirm
                    title="撤销这一角色？"
                    description={`${m.orgUnit.name} 的${m.roleName}`}
                    okText="撤销"
                    cancelText="取消"
                    okButtonProps={{ danger: true }}
                    onConfirm={() => void run(`remove:${m.id}`, () => api.removeMembership(user.id, m.id), '已撤销角色')}
                  >
                    <Button
                      size="small"
                      danger
                      loading={busy === `remove:${m.id}`}
                      disabled={user.memberships.length <= 1}
                      aria-label={`撤销 ${m.orgUnit.name} 的${m.roleName}`}
                    >
                      撤销
                    </Button>
                  </Popconfirm>
                )}
              </li>
            ))}
          </ul>
          {!readOnly && user.memberships.length <= 1 && (
            <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
              用户至少保留一个角色；不再使用的账号请停用。
            </Typography.Paragraph>
          )}

          {!readOnly && (
            <>
              <Divider titlePlacement="start">添加角色</Divider>
              {formError && <Alert type="error" showIcon role="alert" title={formError} style={{ marginBottom: 12 }} />}
              <Form<AddMembershipValues>
                key={user.id}
                form={form}
                preserve={false}
                name="addMembership"
                layout="vertical"
                onFinish={(values) => void addMembership(values)}
                disabled={busy !== undefined}
              >
                <Form.Item label="组织单元" name="orgUnitId" rules={[{ required: true, message: '请选择组织单元' }]}>
                  <UnitTreeSelect units={units} />
                </Form.Item>
                <Form.Item label="角色" name="role" rules={[{ required: true, message: '请选择角色' }]}>
                  <Select options={[...ROLE_OPTIONS]} placeholder="选择角色" showSearch={{ optionFilterProp: 'label' }} />
                </Form.Item>
                <Button htmlType="submit" type="primary" loading={busy === 'add'}>
                  添加角色
                </Button>
              </Form>

              <Divider titlePlacement="start">账号</Divider>
              <Space wrap>
                {user.active ? (
                  <Popconfirm
                    title="停用该账号？"
                    description="停用后不能再登录，已登录的会话立即失效。"
                    okText="停用"
                    cancelText="取消"
                    okButtonProps={{ danger: true }}
                    onConfirm={() => void run('active', () => api.updateUser(user.id, { active: false }), `已停用“${user.displayName}”`)}
                    disabled={isSelf}
                  >
                    <Button danger loading={busy === 'active'} disabled={isSelf}>
                      停用账号
                    </Button>
                  </Popconfirm>
                ) : (
                  <Button
                    loading={busy === 'active'}
                    onClick={() => void run('active', () => api.updateUser(user.id, { active: true }), `已启用“${user.displayName}”`)}
                  >
                    重新启用
                  </Button>
                )}
                {isSelf && <Typography.Text type="secondary">不能停用自己的账号</Typography.Text>}
              </Space>
            </>
          )}
        </>
      )}
    </Drawer>
  );
}
