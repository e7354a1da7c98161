/** The web app's API client (apps/web/src/api/client.ts) against a stubbed fetch. */
import { ApiClient, ApiError, parseRetryAfter } from '../../apps/web/src/api/client';

type FetchStub = (url: string, init: { method: string; headers: Record<string, string>; body: string | null }) => Promise<Response>;

function clientWith(fetchStub: FetchStub, token?: string): { client: ApiClient; unauthorized: jest.Mock } {
  (globalThis as { fetch: unknown }).fetch = fetchStub;
  const unauthorized = jest.fn();
  return { client: new ApiClient({ getToken: () => token, onUnauthorized: unauthorized }), unauthorized };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

describe(ApiClient.name, () => {
  const realFetch = globalThis.fetch;
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  it('sends the bearer token and JSON, under /api, and skips empty query values', async () => {
    const calls: Parameters<FetchStub>[] = [];
    const { client } = clientWith((url, init) => {
      calls.push([url, init]);
      return Promise.resolve(json(200, { ok: true }));
    }, 'tok');
    await expect(client.post('/users', { a: 1 }, { query: { q: '', limit: 20 } })).resolves.toEqual({ ok: true });
    const [url, init] = calls[0] ?? [];
    expect(url).toBe('/api/users?limit=20');
    expect(init?.headers.Authorization).toBe('Bearer tok');
    expect(init?.body).toBe('{"a":1}');
  });

  it('turns an error body into an ApiError with its Chinese message and field errors', async () => {
    const { client } = clientWith(() =>
      Promise.resolve(
        json(400, {
          statusCode: 400,
          code: 'VALIDATION_FAILED',
          message: '请求参数有误',
          errors: [{ field: 'memberships[0].orgUnitId', code: 'matches', message: '格式不正确' }],
        }),
      ),
    );
    const error: unknown = await client.post('/users', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError;
    expect([apiError.status, apiError.code, apiError.message]).toEqual([400, 'VALIDATION_FAILED', '请求参数有误']);
    expect(apiError.messageFor('memberships')).toBe('格式不正确');
    expect(apiError.messageFor('username')).toBeUndefined();
  });

  it('reads the wait of a 429 from Retry-After', async () => {
    const { client } = clientWith(() =>
      Promise.resolve(
        json(429, { statusCode: 429, code: 'TOO_MANY_REQUESTS', message: '登录失败次数过多，请 120 秒后再试' }, { 'Retry-After': '120' }),
      ),
    );
    const error = (await client.post('/auth/login', {}).catch((e: unknown) => e)) as ApiError;
    expect(error.retryAfterSeconds).toBe(120);
  });

  it('signs out on a 401 only when a token was sent', async () => {
    const unauthorizedBody = { statusCode: 401, code: 'UNAUTHENTICATED', message: '登录已失效，请重新登录' };
    const signedIn = clientWith(() => Promise.resolve(json(401, unauthorizedBody)), 'expired');
    await expect(signedIn.client.get('/me')).rejects.toThrow('登录已失效');
    expect(signedIn.unauthorized).toHaveBeenCalledTimes(1);

    const anonymous = clientWith(() =>
      Promise.resolve(json(401, { statusCode: 401, code: 'INVALID_CREDENTIALS', message: '用户名或密码错误' })),
    );
    await expect(anonymous.client.post('/auth/login', {})).rejects.toThrow('用户名或密码错误');
    expect(anonymous.unauthorized).not.toHaveBeenCalled();
  });

  it('answers in Chinese when the body is not the API’s (a proxy page) or the network fails', async () => {
    const proxy = clientWith(() => Promise.resolve(new Response('<html>Bad Gateway</html>', { status: 502 })));
    await expect(proxy.client.get('/me')).rejects.toThrow('服务器暂时不可用，请稍后再试');
    const offline = clientWith(() => Promise.reject(new TypeError('fetch failed')));
    await expect(offline.client.get('/me')).rejects.toThrow('无法连接服务器，请检查网络后重试');
  });

  it('parses Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('30')).toBe(30);
    expect(parseRetryAfter(new Date(Date.UTC(2026, 10, 28, 12, 1, 0)).toUTCString(), Date.UTC(2026, 10, 28, 12, 0, 0))).toBe(60);
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
