/** Rules of 流程设计 and 表单设计 (apps/web/src/pages/designer/designer-model.ts). */
import { leavesPage } from '../../apps/web/src/pages/designer/designer-model';

describe('designer page rules', () => {
  it('asks about navigations to another page', () => {
    expect(leavesPage('/designer/processes', { pathname: '/tasks', search: '', hash: '' })).toBe(true);
    expect(leavesPage('/designer/processes', '/designer/forms')).toBe(true);
    expect(leavesPage('/designer/processes', '/tasks?filter=mine#top')).toBe(true);
  });

  it('leaves changes of the query alone: the page asks about its own list and editor itself', () => {
    expect(leavesPage('/designer/processes', { pathname: '/designer/processes', search: '?process=x', hash: '' })).toBe(false);
    expect(leavesPage('/designer/processes', '/designer/processes/?process=x')).toBe(false);
    expect(leavesPage('/designer/forms', '?form=report-accept')).toBe(false);
    expect(leavesPage('/designer/forms', { search: '?form=report-accept' })).toBe(false);
  });
});
