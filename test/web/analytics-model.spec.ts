/** Rules of the 统计分析 page (apps/web/src/pages/analytics/analytics-model.ts and process-choices.ts). */
import type { AnalyticsBreach, ElementDurations, Me, Membership, OrgUnit, ProcessDefinitionVersion } from '../../apps/web/src/api/types';
import {
  analyticsUnits,
  breachesByElement,
  canReadAnalytics,
  canSetTargets,
  compareFigures,
  defaultLevel,
  heatColor,
  heatShare,
  heatStyles,
  instanceBreachRows,
  isTimedStep,
  lateStepStyles,
  scopeLevel,
} from '../../apps/web/src/pages/analytics/analytics-model';
import { groupProcessVersions } from '../../apps/web/src/pages/analytics/process-choices';

const unit = (id: string, level: OrgUnit['level'], path: string[]): OrgUnit => ({
  id,
  name: id,
  level,
  levelName: level,
  parentId: path.length > 1 ? (path[path.length - 2] ?? null) : null,
  path,
  manageable: false,
});

const CITY = unit('anyang', 'city', ['anyang']);
const WF = unit('wf', 'district', ['anyang', 'wf']);
const DONGDA = unit('wf-dongda', 'street', ['anyang', 'wf', 'wf-dongda']);
const NANYING = unit('wf-dongda-nanying', 'community', ['anyang', 'wf', 'wf-dongda', 'wf-dongda-nanying']);
const GULOU = unit('wf-dongda-gulou', 'community', ['anyang', 'wf', 'wf-dongda', 'wf-dongda-gulou']);
const UNITS = [CITY, WF, DONGDA, NANYING, GULOU];

function me(...memberships: [Membership['role'], OrgUnit][]): Me {
  return {
    user: { id: 'u', username: 'u', displayName: 'u' },
    candidateGroups: [],
    memberships: memberships.map(([role, orgUnit], index) => ({
      id: String(index),
      role,
      roleName: role,
      candidateGroup: `${role}:${orgUnit.id}`,
      orgUnit: { id: orgUnit.id, name: orgUnit.name, level: orgUnit.level, levelName: orgUnit.levelName, path: orgUnit.path },
    })),
  };
}

describe('analytics page rules', () => {
  it('lets analysts and admins read, and only admins of the city set targets', () => {
    expect(canReadAnalytics(me(['analyst', NANYING]))).toBe(true);
    expect(canReadAnalytics(me(['admin', NANYING]))).toBe(true);
    expect(canReadAnalytics(me(['resident', NANYING]))).toBe(false);
    expect(canSetTargets(me(['admin', CITY]))).toBe(true);
    expect(canSetTargets(me(['admin', NANYING]))).toBe(false);
    expect(canSetTargets(me(['analyst', CITY]))).toBe(false);
  });

  it('offers only units within those the user reads analytics for', () => {
    const ids = analyticsUnits(me(['analyst', NANYING], ['resident', GULOU]), UNITS).map((u) => u.id);
    expect(ids).toEqual(['wf-dongda-nanying']);
    expect(analyticsUnits(me(['analyst', CITY]), UNITS)).toHaveLength(UNITS.length);
  });

  it('compares units one level below the scope, down to 社区', () => {
    expect(defaultLevel(scopeLevel(me(['analyst', CITY]), UNITS, undefined))).toBe('district');
    expect(defaultLevel(scopeLevel(me(['analyst', CITY]), UNITS, 'wf'))).toBe('street');
    expect(defaultLevel(scopeLevel(me(['analyst', CITY]), UNITS, 'wf-dongda'))).toBe('community');
    expect(defaultLevel(scopeLevel(me(['analyst', NANYING]), UNITS, undefined))).toBe('community');
    // The widest unit read decides: a city analyst who is also a community admin compares districts.
    expect(defaultLevel(scopeLevel(me(['admin', NANYING], ['analyst', CITY]), UNITS, undefined))).toBe('district');
  });

  it('colours the fastest step green and the slowest red on a log scale', () => {
    expect(heatColor(1000, 1000, 1_000_000)).toBe('hsl(120, 80%, 45%)');
    expect(heatColor(1_000_000, 1000, 1_000_000)).toBe('hsl(0, 80%, 45%)');
    // The geometric middle is half way.
    expect(heatShare(Math.sqrt(1001 * 1_000_001) - 1, 1000, 1_000_000)).toBeCloseTo(0.5, 6);
    expect(heatShare(5, 5, 5)).toBe(0);
  });

  it('leaves instant elements uncoloured', () => {
    expect(isTimedStep('USER_TASK')).toBe(true);
    expect(isTimedStep('INTERMEDIATE_CATCH_EVENT')).toBe(true);
    expect(isTimedStep('START_EVENT')).toBe(false);
    expect(isTimedStep('EXCLUSIVE_GATEWAY')).toBe(false);
  });

  it('adds breaches of both reasons per step', () => {
    const counts = breachesByElement({
      bpmnProcessId: 'p',
      total: 5,
      items: [],
      summary: [
        { kind: 'element', reason: 'target', elementId: 'accept', name: '受理', count: 2 },
        { kind: 'element', reason: 'dueDate', elementId: 'accept', name: '受理', count: 1 },
        { kind: 'instance', reason: 'target', elementId: 'p', name: '流程', count: 2 },
      ],
    });
    expect(Object.fromEntries(counts)).toEqual({ accept: 3, p: 2 });
  });

  it('sorts missing figures after present ones', () => {
    expect([3, null, 1, undefined, 2].sort(compareFigures)).toEqual([1, 2, 3, null, undefined]);
  });

  it('groups deployed versions per process, newest first, named by the newest', () => {
    const version = (bpmnProcessId: string, v: number, name: string): ProcessDefinitionVersion => ({
      processDefinitionKey: `${bpmnProcessId}-${v}`,
      bpmnProcessId,
      name,
      version: v,
      resourceName: `${bpmnProcessId}.bpmn`,
      deployedAt: '2026-11-28T00:00:00Z',
    });
    const choices = groupProcessVersions([version('b', 1, '旧名'), version('b', 2, '三单一访'), version('a', 1, '述职评议')]);
    expect(choices.map((c) => [c.bpmnProcessId, c.name, c.versions.map((v) => v.version)])).toEqual([
      ['b', '三单一访', [2, 1]],
      ['a', '述职评议', [1]],
    ]);
  });

  it('turns step medians, breaches and the selection into diagram styles', () => {
    const step = (elementId: string, p50: number | null): ElementDurations => ({
      elementId,
      name: elementId,
      elementType: 'USER_TASK',
      count: p50 === null ? 0 : 3,
      active: 0,
      mean: p50,
      min: p50,
      max: p50,
      p50,
      p90: p50,
      p99: p50,
    });
    const steps = [step('fast', 60_000), step('slow', 2 * 86_400_000), step('never-done', null)];
    const range = { min: 60_000, max: 2 * 86_400_000 };
    const styles = heatStyles(steps, range, new Map([['slow', 4]]), undefined);

    expect(Object.keys(styles).sort()).toEqual(['fast', 'slow']);
    expect(styles.fast).toEqual({ fill: heatColor(60_000, range.min, range.max), label: '中位 1分钟' });
    expect(styles.fast?.fill).toBe('hsl(120, 80%, 45%)');
    expect(styles.slow).toEqual({
      fill: 'hsl(0, 80%, 45%)',
      label: '中位 2天',
      badge: { text: '超时 4', tone: 'danger', title: '超时 4 次' },
    });

    // The selected step keeps its tint and gains the red outline; without a range nothing is tinted.
    expect(heatStyles(steps, range, new Map(), 'fast').fast).toEqual({ ...styles.fast, stroke: '#c8161d' });
    expect(heatStyles(steps, undefined, new Map(), undefined).slow).toEqual({ label: '中位 2天' });
    // A selected step without figures is still outlined.
    expect(heatStyles(steps, range, new Map(), 'never-done')['never-done']).toEqual({ stroke: '#c8161d' });
  });

  it('lists one instance’s breaches in the order they started, with the time taken so far', () => {
    const breach = (processInstanceKey: string, elementId: string, startedAt: string, endedAt: string | null): AnalyticsBreach => ({
      kind: elementId === 'p5' ? 'instance' : 'element',
      reason: 'target',
      processInstanceKey,
      elementInstanceKey: elementId === 'p5' ? null : `${processInstanceKey}-${elementId}`,
      elementId,
      elementType: 'USER_TASK',
      name: elementId,
      state: endedAt ? 'COMPLETED' : 'ACTIVE',
      orgUnitId: null,
      orgUnitName: null,
      startedAt,
      endedAt,
      deadline: startedAt,
      targetMs: 1,
      lateMs: 1,
    });
    const now = Date.parse('2026-11-28T12:00:00Z');
    const rows = instanceBreachRows(
      [
        breach('1', 'Task_close', '2026-11-28T10:00:00Z', null),
        breach('2', 'Task_dispatch', '2026-11-28T08:00:00Z', '2026-11-28T09:00:00Z'),
        breach('1', 'Task_dispatch', '2026-11-28T08:00:00Z', '2026-11-28T09:30:00Z'),
        breach('1', 'p5', '2026-11-28T07:00:00Z', null),
      ],
      '1',
      now,
    );
    expect(rows.map((r) => [r.elementId, r.durationMs])).toEqual([
      ['p5', 5 * 3600_000],
      ['Task_dispatch', 90 * 60_000],
      ['Task_close', 2 * 3600_000],
    ]);

    // On the diagram: the late steps, not the whole instance (it has no shape of its own).
    expect(lateStepStyles(rows)).toEqual({
      Task_dispatch: { fill: '#ff4d4f', label: '用时 1小时30分钟', badge: { text: '超时', tone: 'danger', title: 'Task_dispatch超时' } },
      Task_close: { fill: '#ff4d4f', label: '用时 2小时', badge: { text: '超时', tone: 'danger', title: 'Task_close超时' } },
    });
  });
});
