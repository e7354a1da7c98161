/** Field paths between the server and form-js, Chinese form-js messages, and the inbox's due-date colours. */
import { parseFieldPath, samePath, translateUiText, translateValidationMessage } from '../../apps/web/src/forms/field-paths';
import { dueStatus, formatRelative } from '../../apps/web/src/pages/tasks/task-format';

describe('field paths', () => {
  it('parses the server’s paths into form-js value paths', () => {
    expect(parseFieldPath('opinion')).toEqual(['opinion']);
    expect(parseFieldPath('members[0].name')).toEqual(['members', 0, 'name']);
    expect(parseFieldPath('a.b[12][3].c')).toEqual(['a', 'b', 12, 3, 'c']);
    expect(parseFieldPath('')).toEqual([]);
    expect(samePath(['members', 0, 'name'], parseFieldPath('members[0].name'))).toBe(true);
    expect(samePath(['members', 1, 'name'], parseFieldPath('members[0].name'))).toBe(false);
  });

  it('puts form-js’s validation messages and interface words in Chinese', () => {
    expect(translateValidationMessage('Field is required.')).toBe('此项为必填项');
    expect(translateValidationMessage('Field must have minimum length of 2.')).toBe('长度不能少于 2 个字符');
    expect(translateValidationMessage('Field must have minimum value of 0.')).toBe('不能小于 0');
    expect(translateValidationMessage('必填')).toBe('必填');
    expect(translateUiText(' Add new')).toBe(' 添加一项');
    expect(translateUiText('Remove list item 2')).toBe('删除第 2 项');
    expect(translateUiText('张三')).toBeUndefined();
  });
});

describe('inbox times', () => {
  const now = Date.parse('2026-11-28T12:00:00Z');
  it('says how long ago, in Chinese', () => {
    expect(formatRelative('2026-11-28T11:59:30Z', now)).toBe('刚刚');
    expect(formatRelative('2026-11-28T09:00:00Z', now)).toBe('3小时前');
    expect(formatRelative('2026-11-28T17:00:00Z', now)).toBe('5小时后');
    expect(formatRelative('2026-11-26T12:00:00Z', now)).toBe('2天前');
    expect(formatRelative('2026-10-01T12:00:00Z', now)).toBeUndefined();
  });

  it('marks due dates within 24 hours orange and past ones red, only for open tasks', () => {
    expect(dueStatus({ dueDate: '2026-11-28T11:00:00Z', state: 'open' }, now)).toBe('overdue');
    expect(dueStatus({ dueDate: '2026-11-29T06:00:00Z', state: 'open' }, now)).toBe('soon');
    expect(dueStatus({ dueDate: '2026-12-01T12:00:00Z', state: 'open' }, now)).toBe('ok');
    expect(dueStatus({ dueDate: '2026-11-28T11:00:00Z', state: 'completed' }, now)).toBe('none');
    expect(dueStatus({ dueDate: null, state: 'open' }, now)).toBe('none');
  });
});
