/**
 * The routes. Pages beyond sign-in load lazily so the entry stays small; the modeler and
 * form editor (bpmn-js, form-js) will be lazy chunks the same way.
 */
import { Spin } from 'antd';
import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { isAdmin, useAuth } from './auth/auth-context';
import { LoginPage } from './auth/login-page';
import { RequireAdmin, RequireAuth } from './auth/require-auth';
import { AppLayout } from './layout/app-layout';
import { NotFoundPage } from './pages/not-found/not-found-page';

const MePage = lazy(() => import('./pages/me/me-page'));
const OrgPage = lazy(() => import('./pages/org/org-page'));
// 流程设计 carries bpmn-js and the Camunda modeler, 表单设计 the form-js editor: each only in its own chunk.
const ProcessDesignerPage = lazy(() => import('./pages/designer/process-designer-page'));
const FormDesignerPage = lazy(() => import('./pages/designer/form-designer-page'));
const TasksPage = lazy(() => import('./pages/tasks/tasks-page'));
const DonePage = lazy(() => import('./pages/tasks/tasks-page').then((m) => ({ default: m.DonePage })));
// The task and start pages carry form-js: their chunks load only when opened.
const TaskPage = lazy(() => import('./pages/task/task-page'));
const StartPage = lazy(() => import('./pages/start/start-page'));
// 统计分析 carries ECharts and, once a diagram shows, bpmn-js: both only in its own chunks.
const AnalyticsPage = lazy(() => import('./pages/analytics/analytics-page'));
// 流程实例 (admins); bpmn-js loads only when an instance's diagram shows.
const InstancesPage = lazy(() => import('./pages/monitor/instances-page'));
const InstancePage = lazy(() => import('./pages/monitor/instance-page'));
// 候选人公示: owners object to a publicised committee candidate slate.
const ObjectionsPage = lazy(() => import('./pages/objections/objections-page'));

function lazyPage(Page: React.ComponentType) {
  return (
    <Suspense fallback={<PageFallback />}>
      <Page />
    </Suspense>
  );
}

function PageFallback() {
  return (
    <div className="rp-page-loading" role="status" aria-live="polite">
      <Spin />
      <span className="rp-loading-text">正在加载页面…</span>
    </div>
  );
}

function AdminOnly({ children }: { readonly children: React.ReactNode }) {
  const { state } = useAuth();
  return <RequireAdmin allowed={state.status === 'ready' && isAdmin(state.me)}>{children}</RequireAdmin>;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        element={
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        }
      >
        <Route index element={<Navigate to="/tasks" replace />} />
        <Route path="tasks" element={lazyPage(TasksPage)} />
        <Route path="tasks/:id" element={lazyPage(TaskPage)} />
        <Route path="done" element={lazyPage(DonePage)} />
        <Route path="start" element={lazyPage(StartPage)} />
        <Route path="analytics" element={lazyPage(AnalyticsPage)} />
        <Route path="objections" element={lazyPage(ObjectionsPage)} />
        <Route
          path="me"
          element={
            <Suspense fallback={<PageFallback />}>
              <MePage />
            </Suspense>
          }
        />
        <Route
          path="org"
          element={
            <AdminOnly>
              <Suspense fallback={<PageFallback />}>
                <OrgPage />
              </Suspense>
            </AdminOnly>
          }
        />
        <Route path="designer/processes" element={<AdminOnly>{lazyPage(ProcessDesignerPage)}</AdminOnly>} />
        <Route path="designer/forms" element={<AdminOnly>{lazyPage(FormDesignerPage)}</AdminOnly>} />
        <Route path="monitor/instances" element={<AdminOnly>{lazyPage(InstancesPage)}</AdminOnly>} />
        <Route path="monitor/instances/:key" element={<AdminOnly>{lazyPage(InstancePage)}</AdminOnly>} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
