/** The acting-role rule of instance start (P2 动议方): the starter must hold the chosen role at the instance's unit. */
import { actingRoleProblem } from '../../src/processes/acting-role';

const JINXIU = { id: 'wf-dongda-nanying-jinxiu', name: '锦绣花园小区' };

describe(actingRoleProblem.name, () => {
  const branch = [{ role: 'compound-branch', orgUnitId: JINXIU.id }];

  it('accepts a role the starter holds at the unit itself', () => {
    expect(actingRoleProblem({ proposerRole: 'compound-branch' }, branch, JINXIU)).toBeUndefined();
  });

  it('refuses a role the starter does not hold, naming the role and the unit in Chinese', () => {
    expect(actingRoleProblem({ proposerRole: 'owners-committee' }, branch, JINXIU)).toEqual({
      kind: 'notHeld',
      field: 'proposerRole',
      role: 'owners-committee',
      message: '您在锦绣花园小区没有“业主委员会”角色，不能以该身份发起',
    });
  });

  it('refuses the role held at another unit, above or beside: the later steps go to <role>:<unit> exactly', () => {
    const above = [{ role: 'owners-committee', orgUnitId: 'wf-dongda-nanying' }];
    const beside = [{ role: 'owners-committee', orgUnitId: 'wf-dongda-nanying-yuhua' }];
    expect(actingRoleProblem({ proposerRole: 'owners-committee' }, above, JINXIU)?.kind).toBe('notHeld');
    expect(actingRoleProblem({ proposerRole: 'owners-committee' }, beside, JINXIU)?.kind).toBe('notHeld');
  });

  it('answers an unknown role as a bad field, and ignores forms without an acting role', () => {
    expect(actingRoleProblem({ proposerRole: 'mayor' }, branch, JINXIU)).toMatchObject({ kind: 'unknownRole', field: 'proposerRole' });
    expect(actingRoleProblem({ proposerRole: 42 }, branch, JINXIU)).toMatchObject({ kind: 'unknownRole', field: 'proposerRole' });
    expect(actingRoleProblem({ title: '楼道灯维修' }, [], JINXIU)).toBeUndefined();
  });
});
