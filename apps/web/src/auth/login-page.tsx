/** 登录: username and password; the server's Chinese errors shown as they come, 429 with its wait. */
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { ApiError, errorMessage } from '../api/client';
import { formatDuration } from '../i18n/format';
import { useAuth } from './auth-context';

interface LoginValues {
  username: string;
  password: string;
}

interface LocationState {
  readonly from?: string;
}

export function LoginPage() {
  const { state, signIn, signOutReason } = useAuth();
  const location = useLocation();
  const [form] = Form.useForm<LoginValues>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string>();
  const [retryAt, setRetryAt] = useState<number>();
  const waitSeconds = useCountdown(retryAt);

  if (state.status === 'ready' || state.status === 'loading') {
    const from = (location.state as LocationState | null)?.from;
    return <Navigate to={from && from !== '/login' ? from : '/'} replace />;
  }

  const onFinish = async (values: LoginValues) => {
    setSubmitting(true);
    setError(undefined);
    setRetryAt(undefined);
    form.setFields([
      { name: 'username', errors: [] },
      { name: 'password', errors: [] },
    ]);
    try {
      await signIn(values.username.trim(), values.password);
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 429) {
        setRetryAt(Date.now() + (caught.retryAfterSeconds ?? 60) * 1000);
        setError(caught.message);
      } else if (caught instanceof ApiError && caught.fieldErrors.length > 0) {
        form.setFields(
          (['username', 'password'] as const).flatMap((name) => {
            const message = caught.messageFor(name);
            return message ? [{ name, errors: [message] }] : [];
          }),
        );
        setError(caught.message);
      } else {
        setError(errorMessage(caught));
      }
    } finally {
      setSubmitting(false);
    }
  };

  const throttled = waitSeconds > 0;
  // Once the wait is over, the throttling message no longer applies.
  const shownError = retryAt !== undefined && !throttled ? undefined : error;
  return (
    <main className="rp-login">
      <Card className="rp-login-card" variant="borderless">
        <div className="rp-login-brand">
          <img src="/favicon.svg" alt="" width={40} height={40} />
          <div>
            <Typography.Title level={1} className="rp-login-title">
              红色物业工作平台
            </Typography.Title>
            <Typography.Text type="secondary">红色物业建设规范 · 业务流程办理</Typography.Text>
          </div>
        </div>
        {signOutReason === 'expired' && !shownError && (
          <Alert className="rp-login-alert" type="warning" showIcon title="登录已失效，请重新登录" />
        )}
        {shownError && (
          <Alert
            className="rp-login-alert"
            type="error"
            showIcon
            role="alert"
            title={throttled ? '登录失败次数过多' : shownError}
            description={throttled ? `为保护账号安全，请 ${formatDuration(waitSeconds)}后再试。` : undefined}
          />
        )}
        <Form<LoginValues>
          form={form}
          layout="vertical"
          requiredMark={false}
          onFinish={(values) => void onFinish(values)}
          disabled={submitting}
        >
          <Form.Item label="用户名" name="username" rules={[{ required: true, whitespace: true, message: '请输入用户名' }]}>
            <Input prefix={<UserOutlined aria-hidden />} autoComplete="username" autoFocus size="large" />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined aria-hidden />} autoComplete="current-password" size="large" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={submitting} disabled={throttled}>
            {throttled ? `请 ${formatDuration(waitSeconds)}后重试` : '登录'}
          </Button>
        </Form>
      </Card>
    </main>
  );
}

/** Whole seconds left until `until`, ticking once a second; 0 when unset or past. */
function useCountdown(until: number | undefined): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until === undefined) return;
    setNow(Date.now());
    const timer = window.setInterval(() => {
      setNow(Date.now());
      if (Date.now() >= until) window.clearInterval(timer);
    }, 1000);
    return () => window.clearInterval(timer);
  }, [until]);
  return until === undefined ? 0 : Math.max(0, Math.ceil((until - now) / 1000));
}
