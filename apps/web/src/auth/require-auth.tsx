/** Route guard: signed-in routes render only once `/api/me` has answered. */
import { Button, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { useAuth } from './auth-context';

export function RequireAuth({ children }: { readonly children: ReactNode }) {
  const { state, reloadMe, signOut } = useAuth();
  const location = useLocation();

  switch (state.status) {
    case 'anonymous':
      return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
    case 'loading':
      return (
        <div className="rp-fullpage-center" role="status" aria-live="polite">
          <Spin size="large" />
          <span className="rp-loading-text">正在加载用户信息…</span>
        </div>
      );
    case 'failed':
      return (
        <div className="rp-fullpage-center">
          <Result
            status="error"
            title="加载用户信息失败"
            subTitle={state.error.message}
            extra={[
              <Button key="retry" type="primary" onClick={reloadMe}>
                重试
              </Button>,
              <Button key="out" onClick={() => signOut()}>
                重新登录
              </Button>,
            ]}
          />
        </div>
      );
    case 'ready':
      return <>{children}</>;
  }
}

/** Only for admins; others see a 403 page in Chinese rather than a blank screen. */
export function RequireAdmin({ allowed, children }: { readonly allowed: boolean; readonly children: ReactNode }) {
  if (allowed) return <>{children}</>;
  return <Result status="403" title="无权访问" subTitle="此页面仅对管理员开放。" />;
}
