/**
 * Typed errors with stable codes. Services throw `AppError`; the exception filter turns
 * it into HTTP with a Chinese message for people and the code for programs.
 */
export enum ErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  MalformedJson = 'MALFORMED_JSON',
  Unauthenticated = 'UNAUTHENTICATED',
  InvalidCredentials = 'INVALID_CREDENTIALS',
  Forbidden = 'FORBIDDEN',
  NotFound = 'NOT_FOUND',
  Conflict = 'CONFLICT',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  TooManyRequests = 'TOO_MANY_REQUESTS',
  Internal = 'INTERNAL_ERROR',
  /** The running configuration cannot answer this (e.g. instance browsing with ENGINE=zeebe). */
  NotImplemented = 'NOT_IMPLEMENTED',
}

const STATUS: Record<ErrorCode, number> = {
  [ErrorCode.ValidationFailed]: 400,
  [ErrorCode.MalformedJson]: 400,
  [ErrorCode.Unauthenticated]: 401,
  [ErrorCode.InvalidCredentials]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.PayloadTooLarge]: 413,
  [ErrorCode.TooManyRequests]: 429,
  [ErrorCode.Internal]: 500,
  [ErrorCode.NotImplemented]: 501,
};

/** One offending input field: `field` is a path such as `memberships[0].orgUnitId`. */
export interface FieldError {
  readonly field: string;
  readonly code: string;
  readonly message: string;
}

export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: {
      readonly errors?: readonly FieldError[];
      readonly retryAfterSeconds?: number;
      readonly [key: string]: unknown;
    } = {},
  ) {
    super(message);
  }

  get status(): number {
    return STATUS[this.code];
  }
}

export const notFound = (what: string): AppError => new AppError(ErrorCode.NotFound, `${what}不存在`);
export const forbidden = (why = '无权执行此操作'): AppError => new AppError(ErrorCode.Forbidden, why);
export const invalidField = (field: string, code: string, message: string): AppError =>
  new AppError(ErrorCode.ValidationFailed, '请求参数有误', { errors: [{ field, code, message }] });
