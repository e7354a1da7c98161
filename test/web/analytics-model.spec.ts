/** Rules of the 统计分析 page (apps/web/src/pages/analytics/analytics-model.ts and process-choices.ts). */
import type { Me, Membership, OrgUnit, ProcessDefinitionVersion } from '../../apps/web/src/api/types';
import {
  analyticsUnits,
  breachesByElement,
  canReadAnalytics,
  canSetTargets,
  compareFigures,
  defaultLevel,
  heatColor,
  heatShare,
  isTimedStep,
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
});
