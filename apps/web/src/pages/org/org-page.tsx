/**
 * 组织机构 (admins): the organisation tree of my subtree, the users of the selected unit
 * (and below) with their roles, creating users, and managing one user in a drawer.
 */
import { ApartmentOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { childLevelsOf } from '@rp/domain';
import { Alert, Button, Card, Col, Empty, Input, Result, Row, Space, Spin, Table, Tag, Tree, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { DataNode } from 'antd/es/tree';
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { OrgUnit, User } from '../../api/types';
import { useLoad } from '../../api/use-load';
import { useAuth, useMe } from '../../auth/auth-context';
import { formatCount, formatUnitPath } from '../../i18n/format';
import { PageHeader } from '../../layout/page-header';
import { buildOrgTree, type OrgTreeNode } from '../../org/org-tree';
import { loadRootAncestors, pathNamesFromList, type UnitPathNames } from '../../org/unit-paths';
import { CreateUnitModal } from './create-unit-modal';
import { CreateUserDrawer } from './create-user-drawer';
import { UserDrawer } from './user-drawer';

const PAGE_SIZE = 20;

const toTreeData = (node: OrgTreeNode): DataNode => ({
  key: node.unit.id,
  title: (
    <span className="rp-tree-node">
      <span>{node.unit.name}</span>
      <span className="rp-tree-level">{node.unit.levelName}</span>
    </span>
  ),
  children: node.children.map(toTreeData),
});

export default function OrgPage() {
  const { api } = useAuth();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const units = useLoad((signal) => api.orgUnits(signal), [api]);
  const list = units.data ?? [];
  const tree = useMemo(() => buildOrgTree(units.data ?? []), [units.data]);
  const ancestors = useLoad(
    (signal) =>
      loadRootAncestors(
        api,
        tree.map((n) => n.unit),
        signal,
      ),
    [api, tree],
  );
  const pathNames = useMemo(() => pathNamesFromList(units.data ?? [], ancestors.data ?? []), [units.data, ancestors.data]);
  const byId = useMemo(() => new Map((units.data ?? []).map((u) => [u.id, u])), [units.data]);

  // The selected unit lives in the URL (?unit=wf-dongda) so reloads and links keep it.
  const firstManaged = tree.length > 0 ? findFirst(tree, (u) => u.manageable) : undefined;
  const selectedId = params.get('unit') ?? firstManaged?.id ?? tree[0]?.unit.id;
  const selected = selectedId ? byId.get(selectedId) : undefined;
  const select = (id: string) => setParams({ unit: id }, { replace: true });

  const [expanded, setExpanded] = useState<React.Key[]>();
  useEffect(() => {
    if (expanded === undefined && units.data) {
      // Open the tree down to the streets (and always the admin's own roots); the rest opens on demand.
      const open = new Set([
        ...tree.map((n) => n.unit.id),
        ...units.data.filter((u) => u.level === 'city' || u.level === 'district' || u.level === 'street').map((u) => u.id),
      ]);
      setExpanded([...open]);
    }
  }, [units.data, tree, expanded]);

  const [creating, setCreating] = useState(false);
  const [creatingUnitUnder, setCreatingUnitUnder] = useState<OrgUnit>();
  const [listVersion, setListVersion] = useState(0);

  if (units.status === 'failed' && !units.data) {
    return (
      <Result status="error" title="组织机构加载失败" subTitle={units.error.message} extra={<Button onClick={units.reload}>重试</Button>} />
    );
  }

  return (
    <>
      <PageHeader
        title="组织机构"
        description="市 → 区 → 街道 → 社区 → 小区/网格。选择单元查看其下用户；只能管理本人管理范围内的单元与用户。"
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            disabled={!selected?.manageable && !firstManaged}
          >
            新建用户
          </Button>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8} xl={7}>
          <Card title="组织树" className="rp-org-tree-card" size="small">
            {units.status === 'loading' && !units.data ? (
              <div className="rp-page-loading" role="status">
                <Spin />
                <span className="rp-loading-text">正在加载组织树…</span>
              </div>
            ) : tree.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无组织单元" />
            ) : (
              <nav aria-label="组织树">
                <Tree
                  treeData={tree.map(toTreeData)}
                  selectedKeys={selectedId ? [selectedId] : []}
                  expandedKeys={expanded ?? []}
                  onExpand={(keys) => setExpanded(keys)}
                  onSelect={(keys) => {
                    const key = keys[0];
                    if (typeof key === 'string') select(key);
                  }}
                  blockNode
                  data-testid="org-tree"
                />
              </nav>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={16} xl={17}>
          {selected ? (
            <UnitUsers
              key={selected.id}
              unit={selected}
              path={formatUnitPath(pathNames.get(selected.id) ?? [selected.name])}
              pathNames={pathNames}
              units={list}
              version={listVersion}
              myUserId={me.user.id}
              onCreate={() => setCreating(true)}
              onCreateUnit={() => setCreatingUnitUnder(selected)}
            />
          ) : (
            units.data && (
              <Card>
                <Empty description="请选择左侧的组织单元" />
              </Card>
            )
          )}
        </Col>
      </Row>
      <CreateUnitModal
        parent={creatingUnitUnder}
        onClose={() => setCreatingUnitUnder(undefined)}
        onCreated={(unit) => {
          setCreatingUnitUnder(undefined);
          const parentId = unit.parentId;
          if (parentId) setExpanded((keys) => [...(keys ?? []), parentId]);
          units.reload();
          select(unit.id);
        }}
      />
      <CreateUserDrawer
        open={creating}
        units={list}
        defaultUnitId={selected?.manageable ? selected.id : firstManaged?.id}
        onClose={() => setCreating(false)}
        onCreated={() => {
          setCreating(false);
          setListVersion((v) => v + 1);
        }}
      />
    </>
  );
}

function UnitUsers({
  unit,
  path,
  pathNames,
  units,
  version,
  myUserId,
  onCreate,
  onCreateUnit,
}: {
  readonly unit: OrgUnit;
  readonly path: string;
  readonly pathNames: UnitPathNames;
  readonly units: readonly OrgUnit[];
  readonly version: number;
  readonly myUserId: string;
  readonly onCreate: () => void;
  readonly onCreateUnit: () => void;
}) {
  const { api } = useAuth();
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState('');
  const [openUserId, setOpenUserId] = useState<string>();
  const users = useLoad(
    (signal) => api.users({ orgUnitId: unit.id, q: search || undefined, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }, signal),
    [api, unit.id, search, page, version],
  );
  // Users changed in the drawer, shown until the list reloads with them.
  const [edited, setEdited] = useState<ReadonlyMap<string, User>>(new Map());
  useEffect(() => setEdited(new Map()), [users.data]);
  const items = (users.data?.items ?? []).map((u) => edited.get(u.id) ?? u);
  const openUser = openUserId ? items.find((u) => u.id === openUserId) : undefined;

  const columns: ColumnsType<User> = [
    {
      title: '姓名',
      key: 'name',
      render: (_, user) => (
        <div>
          <div>{user.displayName}</div>
          <Typography.Text type="secondary" className="rp-group-code">
            {user.username}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: '角色',
      key: 'roles',
      render: (_, user) => (
        <Space size={[4, 4]} wrap>
          {user.memberships.map((m) => (
            <Tag
              key={m.id}
              color={m.role === 'admin' ? 'red' : m.orgUnit.id === unit.id ? 'blue' : undefined}
              title={formatUnitPath(pathNames.get(m.orgUnit.id) ?? [m.orgUnit.name])}
            >
              {m.roleName} · {m.orgUnit.name}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: '状态',
      key: 'active',
      width: 90,
      render: (_, user) => (user.active ? <Tag color="green">启用</Tag> : <Tag>已停用</Tag>),
    },
    {
      title: '操作',
      key: 'actions',
      width: 90,
      render: (_, user) => (
        <Button size="small" onClick={() => setOpenUserId(user.id)} aria-label={`管理用户 ${user.displayName}`}>
          {user.manageable ? '管理' : '查看'}
        </Button>
      ),
    },
  ];

  return (
    <Card
      title={
        <div>
          <span data-testid="selected-unit-name">{unit.name}</span>
          <Tag style={{ marginInlineStart: 8 }}>{unit.levelName}</Tag>
          <div className="rp-unit-path" style={{ fontWeight: 'normal' }}>
            {path}
          </div>
        </div>
      }
      extra={
        <Space wrap>
          {unit.manageable && childLevelsOf(unit.level).length > 0 && (
            <Button icon={<ApartmentOutlined />} onClick={onCreateUnit}>
              新建下级单元
            </Button>
          )}
          <Button icon={<ReloadOutlined />} onClick={users.reload} aria-label="刷新用户列表">
            刷新
          </Button>
        </Space>
      }
    >
      {!unit.manageable && <Alert type="info" showIcon title="此单元为上级单元，您可以查看但不能管理。" style={{ marginBottom: 12 }} />}
      {users.status === 'failed' && (
        <Alert type="error" showIcon role="alert" title={`用户列表加载失败：${users.error.message}`} style={{ marginBottom: 12 }} />
      )}
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 12, flexWrap: 'wrap', marginBottom: 12 }}>
        <Input.Search
          placeholder="按用户名或姓名搜索"
          allowClear
          onSearch={(value) => {
            setPage(1);
            setSearch(value.trim());
          }}
          style={{ maxWidth: 320 }}
          aria-label="按用户名或姓名搜索"
        />
        <Typography.Text type="secondary" aria-live="polite">
          {users.data ? `${formatCount(users.data.total, '人')}（含下级单元）` : ''}
        </Typography.Text>
      </div>
      <Table<User>
        rowKey="id"
        columns={columns}
        dataSource={items}
        loading={users.status === 'loading'}
        size="middle"
        scroll={{ x: 640 }}
        data-testid="unit-users"
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={search ? '没有符合条件的用户' : '此单元及其下级暂无用户'}>
              {unit.manageable && !search && (
                <Button type="primary" onClick={onCreate}>
                  新建用户
                </Button>
              )}
            </Empty>
          ),
        }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: users.data?.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
          hideOnSinglePage: true,
          showTotal: (total) => formatCount(total, '人'),
        }}
      />
      <UserDrawer
        user={openUser}
        units={units}
        pathNames={pathNames}
        isSelf={openUser?.id === myUserId}
        onClose={() => setOpenUserId(undefined)}
        onChanged={(user) => setEdited((previous) => new Map(previous).set(user.id, user))}
      />
    </Card>
  );
}

function findFirst(nodes: readonly OrgTreeNode[], test: (unit: OrgUnit) => boolean): OrgUnit | undefined {
  for (const node of nodes) {
    if (test(node.unit)) return node.unit;
    const found = findFirst(node.children, test);
    if (found) return found;
  }
  return undefined;
}
