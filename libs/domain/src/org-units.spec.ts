import {
  canBeChildOf,
  childLevelsOf,
  childPath,
  isAncestorOf,
  isOrgLevel,
  isOrgUnitId,
  isWithin,
  ORG_LEVEL_NAMES,
  ORG_LEVELS,
  pathIds,
} from './org-units';

describe('organisation levels', () => {
  it('names every level in Chinese', () => {
    for (const level of ORG_LEVELS) expect(ORG_LEVEL_NAMES[level]).toMatch(/\p{Script=Han}/u);
  });

  it('recognises levels', () => {
    expect(isOrgLevel('street')).toBe(true);
    expect(isOrgLevel('province')).toBe(false);
  });

  it('nests 市 → 区 → 街道 → 社区 → 小区/网格', () => {
    expect(canBeChildOf('city', undefined)).toBe(true);
    expect(canBeChildOf('district', 'city')).toBe(true);
    expect(canBeChildOf('street', 'district')).toBe(true);
    expect(canBeChildOf('community', 'street')).toBe(true);
    expect(childLevelsOf('community')).toEqual(['compound', 'grid']);
  });

  it('refuses skipped, inverted and leaf-parent levels', () => {
    expect(canBeChildOf('street', 'city')).toBe(false);
    expect(canBeChildOf('district', 'street')).toBe(false);
    expect(canBeChildOf('grid', 'compound')).toBe(false);
    expect(canBeChildOf('district', undefined)).toBe(false);
  });
});

describe(isOrgUnitId.name, () => {
  it.each(['anyang', 'wf', 'wf-dongda', 'wf-dongda-2'])('accepts %p', (id) => expect(isOrgUnitId(id)).toBe(true));
  it.each(['', 'WF', 'wf_dongda', 'wf/dongda', 'wf:dongda', '-wf', 'wf-', 'wf--a', '文峰', 'a'.repeat(65)])('rejects %p', (id) =>
    expect(isOrgUnitId(id)).toBe(false),
  );
});

describe('materialised paths', () => {
  it('builds a child path from its parent path', () => {
    expect(childPath(undefined, 'anyang')).toBe('/anyang/');
    expect(childPath('/anyang/', 'wf')).toBe('/anyang/wf/');
    expect(pathIds('/anyang/wf/wf-dongda/')).toEqual(['anyang', 'wf', 'wf-dongda']);
  });

  it('puts a unit within its own subtree and its ancestors', () => {
    expect(isWithin('/anyang/wf/', '/anyang/wf/')).toBe(true);
    expect(isWithin('/anyang/wf/wf-dongda/', '/anyang/')).toBe(true);
  });

  it('does not confuse a sibling whose id starts with the same letters', () => {
    expect(isWithin('/anyang/wf2/', '/anyang/wf/')).toBe(false);
    expect(isAncestorOf('/anyang/wf/', '/anyang/wf2/')).toBe(false);
  });

  it('knows strict ancestors', () => {
    expect(isAncestorOf('/anyang/', '/anyang/wf/')).toBe(true);
    expect(isAncestorOf('/anyang/wf/', '/anyang/wf/')).toBe(false);
  });
});
