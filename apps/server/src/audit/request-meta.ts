/** Where a request came from, for the audit log. */
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

export interface RequestMeta {
  readonly ip: string | null;
  readonly userAgent: string | null;
}

/** The client address (X-Forwarded-For is trusted from loopback only, see server.ts) and user agent. */
export const ClientMeta = createParamDecorator((_data: unknown, context: ExecutionContext): RequestMeta => {
  const request = context.switchToHttp().getRequest<Request>();
  const agent = request.headers['user-agent'];
  return { ip: request.ip ?? null, userAgent: typeof agent === 'string' ? agent.slice(0, 500) : null };
});
