/** The pages that exist, as the side menu lists them; admin-only ones are hidden from others. */
import type { Me } from '../api/types';
import { isAdmin } from '../auth/auth-context';

export interface NavItem {
  readonly path: string;
  readonly label: string;
  readonly icon:
    'process-design' | 'form-design' | 'user' | 'apartment' | 'inbox' | 'done' | 'start' | 'analytics' | 'monitor' | 'objection';
  readonly visible: (me: Me) => boolean;
  /** Shown only while the user has a compound with a candidate slate in publicity (checked by the layout). */
  readonly needsCandidateSlates?: true;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { path: '/tasks', label: '我的待办', icon: 'inbox', visible: () => true },
  { path: '/done', label: '已办', icon: 'done', visible: () => true },
  { path: '/start', label: '发起', icon: 'start', visible: () => true },
  { path: '/me', label: '我的信息', icon: 'user', visible: () => true },
  { path: '/objections', label: '候选人公示', icon: 'objection', visible: () => true, needsCandidateSlates: true },
  { path: '/org', label: '组织机构', icon: 'apartment', visible: isAdmin },
  { path: '/monitor/instances', label: '流程实例', icon: 'monitor', visible: isAdmin },
  { path: '/designer/processes', label: '流程设计', icon: 'process-design', visible: isAdmin },
  { path: '/designer/forms', label: '表单设计', icon: 'form-design', visible: isAdmin },
  {
    path: '/analytics',
    label: '统计分析',
    icon: 'analytics',
    visible: (me) => me.memberships.some((m) => m.role === 'analyst' || m.role === 'admin'),
  },
];
