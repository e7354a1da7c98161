import { OrgScope } from '../../src/org/org-scope';
import { mayOperateOnInstance } from '../../src/monitor/known-instance-units';

describe('mayOperateOnInstance', () => {
  const community = new OrgScope(['/anyang/wf/wf-dongda/wf-dongda-nanying/'], ['/anyang/wf/wf-dongda/wf-dongda-nanying/']);
  const city = new OrgScope(['/anyang/'], ['/anyang/']);
  const jinxiu = '/anyang/wf/wf-dongda/wf-dongda-nanying/wf-dongda-nanying-jinxiu/';
  const heping = '/anyang/bg/bg-hongqi/bg-hongqi-zhangbei/bg-hongqi-zhangbei-heping/';

  it('lets an admin operate on an instance of their subtree', () => {
    expect(mayOperateOnInstance(community, false, [jinxiu])).toBe(true);
  });

  it('refuses an instance of another subtree', () => {
    expect(mayOperateOnInstance(community, false, [heping])).toBe(false);
  });

  it('refuses when any recorded unit lies outside the subtree', () => {
    expect(mayOperateOnInstance(community, false, [jinxiu, heping])).toBe(false);
    expect(mayOperateOnInstance(city, true, [jinxiu, heping])).toBe(true);
  });

  it('leaves an instance of no known unit to admins of a root unit', () => {
    expect(mayOperateOnInstance(community, false, [])).toBe(false);
    expect(mayOperateOnInstance(city, true, [])).toBe(true);
  });
});
