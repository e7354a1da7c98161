import { candidateGroup, candidateGroupsOf, isRoleId, parseCandidateGroup, ROLE_IDS, ROLE_NAMES, roleName } from './roles';

describe('roles', () => {
  it('names every role in Chinese', () => {
    expect(ROLE_IDS).toHaveLength(11);
    for (const role of ROLE_IDS) expect(ROLE_NAMES[role]).toMatch(/\p{Script=Han}/u);
    expect(roleName('community-party')).toBe('社区党组织');
  });

  it('recognises role ids and rejects anything else', () => {
    expect(isRoleId('grid-worker')).toBe(true);
    expect(isRoleId('Grid-Worker')).toBe(false);
    expect(isRoleId('superuser')).toBe(false);
    expect(isRoleId(42)).toBe(false);
  });
});

describe(candidateGroup.name, () => {
  it('scopes a role to one organisation unit as <role>:<orgUnitId>', () => {
    expect(candidateGroup('community-party', 'wf-dongda')).toBe('community-party:wf-dongda');
  });
});

describe(candidateGroupsOf.name, () => {
  it('gives one group per membership, without duplicates, sorted', () => {
    const groups = candidateGroupsOf([
      { role: 'resident', orgUnitId: 'wf-dongda-jinxiu' },
      { role: 'admin', orgUnitId: 'wf-dongda' },
      { role: 'resident', orgUnitId: 'wf-dongda-jinxiu' },
    ]);
    expect(groups).toEqual(['admin:wf-dongda', 'resident:wf-dongda-jinxiu']);
  });

  it('gives no groups to a user without memberships', () => {
    expect(candidateGroupsOf([])).toEqual([]);
  });
});

describe(parseCandidateGroup.name, () => {
  it('reads back the role and unit of a group', () => {
    expect(parseCandidateGroup('street-party:wf-dongda')).toEqual({ role: 'street-party', orgUnitId: 'wf-dongda' });
  });

  it.each(['street-party', 'street-party:', ':wf', 'boss:wf', 'admin:a:b'])('rejects %p', (group) => {
    expect(parseCandidateGroup(group)).toBeUndefined();
  });
});
