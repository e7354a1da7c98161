// Submission error codes (stable, English snake_case, for clients and logs) and the
// Chinese messages shown to officials.

export const SUBMISSION_ERROR_CODES = [
  'invalid_body',
  'unknown_field',
  'wrong_type',
  'required',
  'pattern',
  'min',
  'max',
  'min_length',
  'max_length',
  'email',
  'phone',
  'decimal_digits',
  'increment',
  'not_an_option',
  'list_length',
  'invalid_rule',
] as const;

export type SubmissionErrorCode = (typeof SUBMISSION_ERROR_CODES)[number];

export interface SubmissionError {
  /** Data path of the value, e.g. `amount`, `address.city`, `members[2].name`; '' for the body. */
  field: string;
  code: SubmissionErrorCode;
  message: string;
}

export const messages = {
  notAnObject: '提交内容必须是 JSON 对象',
  tooDeep: (max: number) => `提交内容嵌套超过 ${max} 层`,
  tooLarge: (max: number) => `提交内容过大（超过 ${max} 个值）`,
  stringTooLong: (max: number) => `文本过长（超过 ${max} 个字符）`,
  notJson: '含有非 JSON 数据',
  tooMuchWork: '提交内容过大，无法完成校验',
  unknownField: '表单中没有此字段',
  required: '必填',
  pattern: '格式不正确',
  min: (bound: string) => `不能小于 ${bound}`,
  max: (bound: string) => `不能大于 ${bound}`,
  minLength: (bound: number) => `长度不能少于 ${bound} 个字符`,
  maxLength: (bound: number) => `长度不能超过 ${bound} 个字符`,
  email: '不是有效的电子邮箱地址',
  phone: '不是有效的国际电话号码（例如 +8613800000000）',
  integer: '必须是整数',
  decimalDigits: (digits: number) => `最多保留 ${digits} 位小数`,
  increment: (previous: string, next: string) => `不是有效值，最接近的有效值为 ${previous} 和 ${next}`,
  notAnOption: '不是可选项',
  notANumber: '必须是数字',
  notABoolean: '必须是“是”或“否”',
  notText: '必须是文本',
  notAList: '必须是列表',
  notAnObjectValue: '必须是对象',
  notAListItem: '列表中的每一项必须是对象',
  notADate: '日期格式不正确（应为 YYYY-MM-DD）',
  notATime: '时间格式不正确（应为 HH:mm）',
  notADateTime: '日期时间格式不正确（应为 YYYY-MM-DDTHH:mm）',
  notAFileReference: '文件引用必须是文本',
  pastDate: '不能早于今天',
  listLength: '不能增加或删除条目',
  invalidRule: (rule: string) => `表单校验规则“${rule}”配置有误，请联系管理员`,
} as const;
