/**
 * The process diagram as a heat map: every step with completed runs is tinted by its
 * median duration (green fastest → red slowest), labelled with it, and marked with a red
 * badge when runs breached a target or due date (`heatStyles`). Clicking a step with figures
 * selects it. The app's diagram component draws it; bpmn-js loads only when it shows.
 */
import { useMemo } from 'react';
import type { ElementDurations } from '../../api/types';
import { ProcessDiagram } from '../../diagram/process-diagram';
import { heatStyles } from './analytics-model';

export interface HeatmapProps {
  readonly xml: string;
  /** Steps to colour (completed runs only), with the median range they are coloured over. */
  readonly steps: readonly ElementDurations[];
  readonly range: { readonly min: number; readonly max: number } | undefined;
  readonly breaches: ReadonlyMap<string, number>;
  readonly selected: string | undefined;
  readonly onSelect: (elementId: string) => void;
}

export function BpmnHeatmap({ xml, steps, range, breaches, selected, onSelect }: HeatmapProps) {
  const styles = useMemo(() => heatStyles(steps, range, breaches, selected), [steps, range, breaches, selected]);
  const known = useMemo(() => new Set(steps.map((s) => s.elementId)), [steps]);
  return (
    <ProcessDiagram
      xml={xml}
      elementStyles={styles}
      onElementClick={(elementId) => known.has(elementId) && onSelect(elementId)}
      height={420}
      label="流程热力图"
    />
  );
}
