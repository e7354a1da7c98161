/**
 * Pure helpers between the server's field paths and form-js: `members[0].name` ↔
 * ['members', 0, 'name'] (form-js calls this a field instance's valuePath), and form-js's
 * English validation messages in Chinese. No form-js import here, so the entry and the
 * unit tests can use it.
 */

export type ValuePath = readonly (string | number)[];

/** `members[0].name` → ['members', 0, 'name']; '' → []. */
export function parseFieldPath(field: string): (string | number)[] {
  const parts: (string | number)[] = [];
  const pattern = /([^.[\]]+)|\[(\d+)\]/g;
  for (let match = pattern.exec(field); match; match = pattern.exec(field)) {
    if (match[2] !== undefined) parts.push(Number(match[2]));
    else if (match[1] !== undefined) parts.push(match[1]);
  }
  return parts;
}

export function samePath(a: ValuePath, b: ValuePath): boolean {
  return a.length === b.length && a.every((part, i) => String(part) === String(b[i]));
}

const TRANSLATIONS: readonly [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^Field is required\.?$/, () => '此项为必填项'],
  [/^Field must have minimum value of (.+?)\.?$/, (m) => `不能小于 ${m[1]}`],
  [/^Field must have maximum value of (.+?)\.?$/, (m) => `不能大于 ${m[1]}`],
  [/^Field must have minimum length of (\d+)\.?$/, (m) => `长度不能少于 ${m[1]} 个字符`],
  [/^Field must have maximum length of (\d+)\.?$/, (m) => `长度不能超过 ${m[1]} 个字符`],
  [/^Field must match pattern (.+?)\.?$/, () => '格式不正确'],
  [/^Field must be a valid email\.?$/, () => '请输入有效的电子邮箱'],
  [/^Field must be a valid\s+international phone number/, () => '请输入有效的国际电话号码（如 +8613800000000）'],
];

/** form-js's English validation messages in Chinese; anything else unchanged. */
export function translateValidationMessage(message: string): string {
  for (const [pattern, translate] of TRANSLATIONS) {
    const match = message.match(pattern);
    if (match) return translate(match);
  }
  return message;
}

const UI_TEXT: Record<string, string> = {
  'Add new': '添加一项',
  Select: '请选择',
  Search: '搜索',
  'No results': '无匹配项',
  'All values selected': '已全部选择',
  'Remove tag': '移除',
};

/** form-js's own interface words (buttons, placeholders) in Chinese; undefined when there is nothing to change. */
export function translateUiText(text: string): string | undefined {
  const trimmed = text.trim();
  const direct = UI_TEXT[trimmed];
  if (direct) return text.replace(trimmed, direct);
  const remove = trimmed.match(/^Remove list item (\d+)$/);
  if (remove) return `删除第 ${remove[1]} 项`;
  return undefined;
}
