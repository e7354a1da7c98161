/**
 * Request validation with class-validator, answered in Chinese with one entry per
 * offending field path and a stable code (the constraint's name).
 */
import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { AppError, ErrorCode, type FieldError } from './app-error';

const firstNumber = (message: string): string => /(-?\d+(\.\d+)?)/.exec(message)?.[1] ?? '';

/** Chinese wording per class-validator constraint; the English default is the fallback. */
const CHINESE: Record<string, (english: string) => string> = {
  whitelistValidation: () => '不允许的字段',
  isDefined: () => '必填',
  isNotEmpty: () => '不能为空',
  isString: () => '必须是文本',
  isInt: () => '必须是整数',
  isNumber: () => '必须是数字',
  isBoolean: () => '必须是布尔值',
  isArray: () => '必须是数组',
  isObject: () => '必须是对象',
  isEnum: () => '不是允许的取值',
  isIn: () => '不是允许的取值',
  isUUID: () => '必须是 UUID',
  isUuid: () => '必须是 UUID',
  isEmail: () => '邮箱格式不正确',
  isISO8601: () => '必须是 ISO 8601 日期',
  isIso8601: () => '必须是 ISO 8601 日期',
  isDateString: () => '必须是 ISO 8601 日期',
  matches: () => '格式不正确',
  minLength: (m) => `长度不能少于 ${firstNumber(m)} 个字符`,
  maxLength: (m) => `长度不能超过 ${firstNumber(m)} 个字符`,
  min: (m) => `不能小于 ${firstNumber(m)}`,
  max: (m) => `不能大于 ${firstNumber(m)}`,
  arrayMinSize: (m) => `至少需要 ${firstNumber(m)} 项`,
  arrayMaxSize: (m) => `最多 ${firstNumber(m)} 项`,
  arrayNotEmpty: () => '不能为空',
  nestedValidation: () => '必须是对象或对象数组',
};

export function flattenValidationErrors(errors: readonly ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = /^\d+$/.test(error.property) ? `${parent}[${error.property}]` : parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([code, english]) => ({
      field,
      code,
      message: CHINESE[code]?.(english) ?? english,
    }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new AppError(ErrorCode.ValidationFailed, '请求参数有误', { errors: flattenValidationErrors(errors) }),
  });
}
