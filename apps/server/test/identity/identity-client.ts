/** Small HTTP helpers for the identity specs: real requests with fetch, JSON in and out. */
import { DemoSeedService } from '../../src/seed/demo-seed.service';
import type { TestServer } from '../support/test-server';

export const DEMO_PASSWORD = 'demo1234';

export interface ApiResponse<T = Record<string, unknown>> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

export interface RequestOptions {
  readonly token?: string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

// The bodies are whatever the server sent; specs assert on them.
export type Json = any;

export async function call(server: TestServer, method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<Json>> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

let addressCounter = 0;
/** A fresh client address per call, so login throttling by address never couples tests. */
export function freshAddress(): string {
  addressCounter += 1;
  return `10.0.${Math.floor(addressCounter / 250)}.${(addressCounter % 250) + 1}`;
}

export async function login(server: TestServer, username: string, password = DEMO_PASSWORD): Promise<string> {
  const response = await call(server, 'POST', '/api/auth/login', {
    body: { username, password },
    headers: { 'x-forwarded-for': freshAddress() },
  });
  if (response.status !== 200) throw new Error(`login ${username}: ${response.status} ${JSON.stringify(response.body)}`);
  return (response.body as { accessToken: string }).accessToken;
}

export function seedDemo(server: TestServer): Promise<unknown> {
  return server.server.app.get(DemoSeedService).seed(DEMO_PASSWORD);
}
