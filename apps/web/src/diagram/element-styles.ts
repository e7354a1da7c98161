/** Pure helpers of the diagram's per-element styles; unit-tested in test/web/element-styles.spec.ts. */
import type { DiagramOverlay, ElementStyle } from './diagram-types';

/** The badges of element styles as overlays, after the page's own overlays. */
export function diagramBadges(
  overlays: readonly DiagramOverlay[] | undefined,
  elementStyles: Readonly<Record<string, ElementStyle>> | undefined,
): DiagramOverlay[] {
  const badges = Object.entries(elementStyles ?? {}).flatMap(([elementId, style]) => (style.badge ? [{ ...style.badge, elementId }] : []));
  return [...(overlays ?? []), ...badges];
}
