/**
 * The process diagram as a heat map: every step with completed runs is tinted by its
 * median duration (green fastest → red slowest), labelled with it, and marked with a red
 * badge when runs breached a target or due date. Clicking a step selects it. bpmn-js is
 * imported only when the diagram shows (its own chunk).
 */
import { Alert, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import type { ElementDurations } from '../../api/types';
import { heatColor } from './analytics-model';
import { formatDurationMs } from './duration-format';

interface Shape {
  readonly id: string;
  readonly width?: number;
  readonly height?: number;
  readonly waypoints?: unknown;
}
interface OverlaysService {
  add(element: string, type: string, overlay: { position: Record<string, number>; html: HTMLElement }): string;
  remove(filter: { type: string }): void;
}
interface CanvasService {
  zoom(level: 'fit-viewport', center?: 'auto'): number;
  addMarker(element: string, marker: string): void;
  removeMarker(element: string, marker: string): void;
}
interface Viewer {
  importXML(xml: string): Promise<unknown>;
  get(name: 'overlays'): OverlaysService;
  get(name: 'canvas'): CanvasService;
  get(name: 'elementRegistry'): { get(id: string): Shape | undefined };
  get(name: 'eventBus'): { on(event: string, callback: (event: { element: Shape }) => void): void };
  destroy(): void;
}

const OVERLAY_TYPE = 'rp-heat';
const SELECTED_MARKER = 'rp-heat-selected';

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
  const container = useRef<HTMLDivElement>(null);
  const [viewer, setViewer] = useState<Viewer>();
  const [error, setError] = useState<string>();
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  const knownSteps = useRef(new Set<string>());
  knownSteps.current = new Set(steps.map((s) => s.elementId));

  useEffect(() => {
    const element = container.current;
    if (!element) return undefined;
    let current: Viewer | undefined;
    let cancelled = false;
    setError(undefined);
    void (async () => {
      try {
        const { default: NavigatedViewer } = await import('bpmn-js/lib/NavigatedViewer');
        if (cancelled) return;
        current = new NavigatedViewer({ container: element });
        await current.importXML(xml);
        if (cancelled) return;
        current.get('canvas').zoom('fit-viewport', 'auto');
        current.get('eventBus').on('element.click', ({ element: shape }) => {
          if (knownSteps.current.has(shape.id)) onSelectRef.current(shape.id);
        });
        setViewer(current);
      } catch {
        if (!cancelled) setError('流程图无法显示：部署的 BPMN 无法解析');
      }
    })();
    return () => {
      cancelled = true;
      current?.destroy();
      setViewer(undefined);
    };
  }, [xml]);

  useEffect(() => {
    if (!viewer) return;
    const overlays = viewer.get('overlays');
    const registry = viewer.get('elementRegistry');
    overlays.remove({ type: OVERLAY_TYPE });
    for (const step of steps) {
      const shape = registry.get(step.elementId);
      if (!shape || shape.waypoints || step.p50 === null) continue;
      const tint = document.createElement('div');
      tint.className = 'rp-heat-tint';
      tint.dataset.testid = 'heat-overlay';
      tint.dataset.elementId = step.elementId;
      tint.style.width = `${shape.width ?? 0}px`;
      tint.style.height = `${shape.height ?? 0}px`;
      tint.style.background = range ? heatColor(step.p50, range.min, range.max) : 'transparent';
      overlays.add(step.elementId, OVERLAY_TYPE, { position: { top: 0, left: 0 }, html: tint });

      const label = document.createElement('div');
      label.className = 'rp-heat-label';
      label.textContent = `中位 ${formatDurationMs(step.p50)}`;
      overlays.add(step.elementId, OVERLAY_TYPE, { position: { bottom: -2, left: 0 }, html: label });

      const late = breaches.get(step.elementId);
      if (late) {
        const badge = document.createElement('div');
        badge.className = 'rp-heat-breach';
        badge.dataset.testid = 'heat-breach';
        badge.textContent = `超时 ${late}`;
        overlays.add(step.elementId, OVERLAY_TYPE, { position: { top: -10, right: 24 }, html: badge });
      }
    }
  }, [viewer, steps, range, breaches]);

  useEffect(() => {
    if (!viewer || !selected || !viewer.get('elementRegistry').get(selected)) return undefined;
    const canvas = viewer.get('canvas');
    canvas.addMarker(selected, SELECTED_MARKER);
    return () => canvas.removeMarker(selected, SELECTED_MARKER);
  }, [viewer, selected]);

  return (
    <div className="rp-heatmap">
      {error && <Alert type="error" showIcon title={error} />}
      {!viewer && !error && (
        <div className="rp-heatmap-loading" role="status">
          <Spin />
          <span className="rp-loading-text">正在加载流程图…</span>
        </div>
      )}
      <div ref={container} className="rp-heatmap-canvas" data-testid="heatmap-canvas" aria-label="流程热力图" role="figure" />
    </div>
  );
}
