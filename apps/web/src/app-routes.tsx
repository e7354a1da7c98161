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
const TasksPage = lazy(() => import('./pages/tasks/tasks-page'));
const DonePage = lazy(() => import('./pages/tasks/tasks-page').then((m) => ({ default: m.DonePage })));
// The task and start pages carry form-js: their chunks load only when opened.
const TaskPage = lazy(() => import('./pages/task/task-page'));
const StartPage = lazy(() => import('./pages/start/start-page'));

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
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
