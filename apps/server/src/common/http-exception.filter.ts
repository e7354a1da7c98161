/**
 * The one place that turns any thrown error into the API's JSON error body:
 * `{ statusCode, code, message, errors? }`. Unknown errors are logged and answered 500
 * without internals.
 */
import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppError, ErrorCode } from './app-error';

interface ErrorBody {
  readonly statusCode: number;
  readonly code: string;
  readonly message: string;
  readonly [key: string]: unknown;
}

const HTTP_CODES: Record<number, [ErrorCode, string]> = {
  400: [ErrorCode.ValidationFailed, '请求有误'],
  401: [ErrorCode.Unauthenticated, '请先登录'],
  403: [ErrorCode.Forbidden, '无权执行此操作'],
  404: [ErrorCode.NotFound, '请求的资源不存在'],
  409: [ErrorCode.Conflict, '操作与当前状态冲突'],
  413: [ErrorCode.PayloadTooLarge, '请求内容过大'],
  429: [ErrorCode.TooManyRequests, '请求过于频繁，请稍后再试'],
};

export function toErrorBody(error: unknown): ErrorBody {
  if (error instanceof AppError) {
    const { retryAfterSeconds: _retry, ...details } = error.details;
    return { statusCode: error.status, code: error.code, message: error.message, ...details };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const [code, message] = HTTP_CODES[status] ?? [ErrorCode.Internal, '服务器内部错误'];
    return { statusCode: status, code, message };
  }
  return { statusCode: 500, code: ErrorCode.Internal, message: '服务器内部错误' };
}

@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = toErrorBody(error);
    if (body.statusCode >= 500) this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    if (error instanceof AppError && error.details.retryAfterSeconds !== undefined) {
      response.setHeader('Retry-After', String(error.details.retryAfterSeconds));
    }
    response.status(body.statusCode).json(body);
  }
}

/**
 * Express error middleware placed right after the body parser: names body-parser's
 * failures before Nest turns them into a bare 400 (it maps a JSON SyntaxError to
 * BadRequestException and loses what went wrong).
 */
export function bodyParserErrors(error: unknown, _request: Request, _response: Response, next: (error?: unknown) => void): void {
  const type = (error as { type?: string } | undefined)?.type;
  if (type === 'entity.parse.failed') return next(new AppError(ErrorCode.MalformedJson, '请求体不是合法的 JSON'));
  if (type === 'entity.too.large') return next(new AppError(ErrorCode.PayloadTooLarge, '请求内容过大'));
  if (type === 'encoding.unsupported' || type === 'charset.unsupported')
    return next(new AppError(ErrorCode.ValidationFailed, '不支持的请求编码'));
  next(error);
}
