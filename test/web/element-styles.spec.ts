/** The diagram component's per-element badges (apps/web/src/diagram/element-styles.ts). */
import type { DiagramOverlay } from '../../apps/web/src/diagram/diagram-types';
import { diagramBadges } from '../../apps/web/src/diagram/element-styles';

describe('diagram element styles', () => {
  it('adds the badge of each styled element after the page’s own overlays', () => {
    const current: DiagramOverlay = { elementId: 'Task_a', text: '当前', tone: 'info' };
    const badges = diagramBadges([current], {
      Task_a: { fill: 'red' },
      Task_b: { label: '中位 2天', badge: { text: '超时 3', tone: 'danger', title: '超时 3 次' } },
    });
    expect(badges).toEqual([current, { elementId: 'Task_b', text: '超时 3', tone: 'danger', title: '超时 3 次' }]);
  });

  it('has no badges without overlays or styles', () => {
    expect(diagramBadges(undefined, undefined)).toEqual([]);
    expect(diagramBadges([], { Task_a: { stroke: '#c8161d' } })).toEqual([]);
  });
});
