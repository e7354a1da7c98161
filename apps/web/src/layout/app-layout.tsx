/** App shell: header with the official's name and units, a side menu of the pages that exist. */
import {
  ApartmentOutlined,
  BarChartOutlined,
  CheckSquareOutlined,
  FormOutlined,
  InboxOutlined,
  MonitorOutlined,
  LogoutOutlined,
  NotificationOutlined,
  PartitionOutlined,
  SendOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Button, Layout, Menu, Tooltip } from 'antd';
import { useState } from 'react';
import { Link, Outlet, useLocation } from 'react-router-dom';
import type { Me } from '../api/types';
import { useAuth, useMe } from '../auth/auth-context';
import { confirmLeave } from '../pages/designer/leave-guard';
import { useHasCandidateSlates } from '../pages/objections/use-candidate-slates';
import { NAV_ITEMS, type NavItem } from './nav';

const ICONS: Record<NavItem['icon'], React.ReactNode> = {
  user: <UserOutlined />,
  apartment: <ApartmentOutlined />,
  inbox: <InboxOutlined />,
  done: <CheckSquareOutlined />,
  start: <SendOutlined />,
  'process-design': <PartitionOutlined />,
  'form-design': <FormOutlined />,
  analytics: <BarChartOutlined />,
  monitor: <MonitorOutlined />,
  objection: <NotificationOutlined />,
};

export function AppLayout() {
  const me = useMe();
  const { signOut } = useAuth();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const hasCandidateSlates = useHasCandidateSlates();
  const items = NAV_ITEMS.filter((item) => item.visible(me) && (!item.needsCandidateSlates || hasCandidateSlates));
  const selected = items.find((item) => location.pathname === item.path || location.pathname.startsWith(`${item.path}/`));
  const units = unitSummary(me);

  return (
    <Layout className="rp-shell">
      <a className="rp-skip-link" href="#main">
        跳到主要内容
      </a>
      <Layout.Header className="rp-header">
        <Link to="/" className="rp-brand" aria-label="红色物业工作平台 首页">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span className="rp-brand-text">红色物业工作平台</span>
        </Link>
        <div className="rp-header-user">
          <div className="rp-header-who">
            <span className="rp-header-name" data-testid="header-user-name">
              {me.user.displayName}
            </span>
            <Tooltip title={units.full}>
              <span className="rp-header-units" data-testid="header-user-units">
                {units.short}
              </span>
            </Tooltip>
          </div>
          {/* A designer with changes not deployed asks first. */}
          <Button icon={<LogoutOutlined />} onClick={() => confirmLeave(() => signOut())} className="rp-header-logout">
            退出登录
          </Button>
        </div>
      </Layout.Header>
      <Layout>
        <Layout.Sider
          className="rp-sider"
          theme="light"
          width={200}
          breakpoint="lg"
          collapsedWidth={64}
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          trigger={null}
        >
          <nav aria-label="主菜单">
            <Menu
              mode="inline"
              inlineCollapsed={collapsed}
              selectedKeys={selected ? [selected.path] : []}
              items={items.map((item) => ({ key: item.path, icon: ICONS[item.icon], label: <Link to={item.path}>{item.label}</Link> }))}
            />
          </nav>
          <Button
            type="text"
            className="rp-sider-toggle"
            onClick={() => setCollapsed((c) => !c)}
            aria-expanded={!collapsed}
            aria-label={collapsed ? '展开菜单' : '收起菜单'}
          >
            {collapsed ? '»' : '« 收起'}
          </Button>
        </Layout.Sider>
        <Layout.Content id="main" className="rp-content" tabIndex={-1}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

/** 东大街道 · 南营社区 (and “等 3 个单元” when there are more than two). */
function unitSummary(me: Me): { short: string; full: string } {
  const names = [...new Set(me.memberships.map((m) => m.orgUnit.name))];
  if (names.length === 0) return { short: '未分配单元', full: '未分配单元' };
  const full = names.join('、');
  return { short: names.length > 2 ? `${names.slice(0, 2).join('、')} 等 ${names.length} 个单元` : full, full };
}
