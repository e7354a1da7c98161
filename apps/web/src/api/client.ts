/**
 * The one way the web app talks to the server: JSON over fetch with the bearer token,
 * and every non-2xx answer turned into an `ApiError` carrying the server's code, its
 * Chinese message and per-field errors. A 401 on an authenticated call signs the user out.
 */

/** One offending input field, as the server reports it (`memberships[0].orgUnitId`). */
export interface FieldError {
  readonly field: string;
  readonly code: string;
  readonly message: string;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fieldErrors: readonly FieldError[] = [],
    /** Seconds to wait before retrying (429 `Retry-After`), when the server says. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  /** The first message for a field, or for any of its sub-fields (`memberships[0].role` for `memberships`). */
  messageFor(field: string): string | undefined {
    return this.fieldErrors.find((e) => e.field === field || e.field.startsWith(`${field}.`) || e.field.startsWith(`${field}[`))?.message;
  }
}

/** Statuses without a usable body (a proxy page, a dropped connection) still read in Chinese. */
const FALLBACK_MESSAGES: Record<number, string> = {
  0: '无法连接服务器，请检查网络后重试',
  400: '请求有误',
  401: '请先登录',
  403: '无权执行此操作',
  404: '请求的资源不存在',
  409: '操作与当前状态冲突',
  413: '请求内容过大',
  429: '请求过于频繁，请稍后再试',
  502: '服务器暂时不可用，请稍后再试',
  503: '服务器暂时不可用，请稍后再试',
  504: '服务器响应超时，请稍后再试',
};

export interface ApiClientOptions {
  /** The current access token, read on every call. */
  readonly getToken: () => string | undefined;
  /** Called when an authenticated call answers 401 (token expired, user deactivated). */
  readonly onUnauthorized: () => void;
}

export type Query = Record<string, string | number | boolean | undefined>;

export interface RequestOptions {
  readonly query?: Query;
  readonly body?: unknown;
  readonly signal?: AbortSignal;
}

export class ApiClient {
  constructor(
    private readonly options: ApiClientOptions,
    private readonly baseUrl = '/api',
  ) {}

  get<T>(path: string, options: Omit<RequestOptions, 'body'> = {}): Promise<T> {
    return this.request<T>('GET', path, options);
  }

  post<T>(path: string, body?: unknown, options: Omit<RequestOptions, 'body'> = {}): Promise<T> {
    return this.request<T>('POST', path, { ...options, body });
  }

  patch<T>(path: string, body: unknown, options: Omit<RequestOptions, 'body'> = {}): Promise<T> {
    return this.request<T>('PATCH', path, { ...options, body });
  }

  delete<T = void>(path: string, options: Omit<RequestOptions, 'body'> = {}): Promise<T> {
    return this.request<T>('DELETE', path, options);
  }

  async request<T>(method: string, path: string, { query, body, signal }: RequestOptions = {}): Promise<T> {
    const token = this.options.getToken();
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';

    let response: Response;
    try {
      response = await fetch(this.baseUrl + path + queryString(query), {
        method,
        headers,
        body: body === undefined ? null : JSON.stringify(body),
        signal: signal ?? null,
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new ApiError(0, 'NETWORK_ERROR', FALLBACK_MESSAGES[0] ?? '网络错误');
    }

    if (response.ok) {
      if (response.status === 204) return undefined as T;
      const text = await response.text();
      return (text ? JSON.parse(text) : undefined) as T;
    }
    const error = await toApiError(response);
    if (error.status === 401 && token) this.options.onUnauthorized();
    throw error;
  }
}

function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function toApiError(response: Response): Promise<ApiError> {
  const retryAfter = parseRetryAfter(response.headers.get('Retry-After'));
  const fallback = FALLBACK_MESSAGES[response.status] ?? (response.status >= 500 ? '服务器内部错误，请稍后再试' : '请求失败');
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  if (isErrorBody(body)) {
    return new ApiError(response.status, body.code, body.message || fallback, body.errors?.filter(isFieldError) ?? [], retryAfter);
  }
  return new ApiError(response.status, response.status >= 500 ? 'INTERNAL_ERROR' : 'HTTP_ERROR', fallback, [], retryAfter);
}

interface ErrorBody {
  readonly code: string;
  readonly message: string;
  readonly errors?: readonly unknown[];
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.code === 'string' && typeof record.message === 'string' && (record.errors === undefined || Array.isArray(record.errors))
  );
}

function isFieldError(value: unknown): value is FieldError {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.field === 'string' && typeof record.message === 'string' && typeof record.code === 'string';
}

/** `Retry-After` as seconds: either a number or an HTTP date. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/** A Chinese sentence for any thrown value (ApiError, programming error, abort). */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return '操作失败，请稍后重试';
}
