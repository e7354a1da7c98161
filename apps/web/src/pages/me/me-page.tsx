/** 我的信息: who I am, my units with their full path, my roles in Chinese, my candidate groups. */
import { Alert, Card, Descriptions, Empty, Skeleton, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo } from 'react';
import type { Membership } from '../../api/types';
import { useLoad } from '../../api/use-load';
import { useAuth, useMe } from '../../auth/auth-context';
import { formatNumber, formatUnitPath } from '../../i18n/format';
import { PageHeader } from '../../layout/page-header';
import { loadUnitPathNames } from '../../org/unit-paths';

export default function MePage() {
  const me = useMe();
  const { api } = useAuth();
  const units = useMemo(() => me.memberships.map((m) => m.orgUnit), [me]);
  const paths = useLoad((signal) => loadUnitPathNames(api, units, signal), [api, units]);
  const candidateGroups = me.candidateGroups;
  const roleNames = [...new Set(me.memberships.map((m) => m.roleName))];

  const columns: ColumnsType<Membership> = [
    {
      title: '组织单元',
      key: 'unit',
      render: (_, m) => (
        <div>
          <div>{m.orgUnit.name}</div>
          <div className="rp-unit-path" data-testid="unit-path">
            {paths.data?.get(m.orgUnit.id)
              ? formatUnitPath(paths.data.get(m.orgUnit.id) ?? [])
              : paths.status === 'loading'
                ? '正在加载路径…'
                : m.orgUnit.path.join(' / ')}
          </div>
        </div>
      ),
    },
    { title: '层级', key: 'level', width: 90, render: (_, m) => m.orgUnit.levelName },
    { title: '角色', key: 'role', width: 200, render: (_, m) => <Tag color={m.role === 'admin' ? 'red' : 'blue'}>{m.roleName}</Tag> },
    {
      title: '候选组',
      key: 'group',
      responsive: ['md'],
      render: (_, m) => (
        <Typography.Text className="rp-group-code" copyable={{ text: m.candidateGroup, tooltips: ['复制', '已复制'] }}>
          {m.candidateGroup}
        </Typography.Text>
      ),
    },
  ];

  return (
    <>
      <PageHeader title="我的信息" description="您的账号、所属组织单元与角色。待办任务按下方的候选组分派给您。" />
      <Card className="rp-section" title="账号">
        <Descriptions column={{ xs: 1, md: 2 }} bordered size="middle">
          <Descriptions.Item label="姓名">
            <span data-testid="me-display-name">{me.user.displayName}</span>
          </Descriptions.Item>
          <Descriptions.Item label="用户名">{me.user.username}</Descriptions.Item>
          <Descriptions.Item label="角色">{roleNames.length > 0 ? roleNames.join('、') : '无'}</Descriptions.Item>
          <Descriptions.Item label="所属单元">{formatNumber(new Set(units.map((u) => u.id)).size)} 个</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card className="rp-section" title="组织单元与角色">
        {paths.status === 'failed' && (
          <Alert type="warning" showIcon title={`单元路径加载失败：${paths.error.message}`} style={{ marginBottom: 12 }} />
        )}
        <Table<Membership>
          rowKey="id"
          columns={columns}
          dataSource={[...me.memberships]}
          pagination={false}
          size="middle"
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未分配任何组织单元，请联系管理员" /> }}
          data-testid="me-memberships"
        />
      </Card>
      <Card className="rp-section" title="候选组">
        {candidateGroups.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无候选组" />
        ) : paths.status === 'loading' && !paths.data ? (
          <Skeleton active paragraph={{ rows: 1 }} />
        ) : (
          <>
            <Typography.Paragraph type="secondary">
              流程中的人工步骤按「角色:单元」分派；您能在待办中看到以下候选组的任务。
            </Typography.Paragraph>
            <div data-testid="me-candidate-groups">
              {candidateGroups.map((group) => (
                <Tag key={group} className="rp-group-code">
                  {group}
                </Tag>
              ))}
            </div>
          </>
        )}
      </Card>
    </>
  );
}
