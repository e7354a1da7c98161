/**
 * The process diagram (bpmn-js NavigatedViewer: pan and zoom, no editing) with steps
 * marked and labelled, and optionally each step tinted, outlined and labelled on its own
 * (`elementStyles`, e.g. the 统计分析 heat map). This module and bpmn-js load only when a diagram is shown — import
 * `ProcessDiagram` from `./process-diagram`, never this file. The bpmn.io watermark that
 * the viewer draws stays visible, as bpmn.io's licence requires.
 */
import { Alert, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import './diagram.css';
import type { DiagramMarker, ProcessDiagramProps } from './diagram-types';
import { diagramBadges } from './element-styles';

interface Shape {
  readonly id: string;
  readonly type?: string;
  readonly width?: number;
  readonly height?: number;
  readonly waypoints?: unknown;
}
interface Viewer {
  importXML(xml: string): Promise<unknown>;
  get(name: 'overlays'): {
    add(element: string, type: string, overlay: { position: Record<string, number>; html: HTMLElement }): string;
    remove(filter: { type: string }): void;
  };
  get(name: 'canvas'): {
    zoom(level: 'fit-viewport', center?: 'auto'): number;
    addMarker(element: string, marker: string): void;
    removeMarker(element: string, marker: string): void;
  };
  get(name: 'elementRegistry'): { get(id: string): Shape | undefined; getGraphics(id: string): SVGElement | undefined };
  get(name: 'eventBus'): { on(event: string, callback: (event: { element: Shape }) => void): void };
  destroy(): void;
}

const OVERLAY_TYPE = 'rp-diagram';
/** Fills and labels of element styles: drawn over the steps, so they let clicks through (diagram.css). */
const STYLE_OVERLAY_TYPE = 'rp-diagram-style';
const MARKER_CLASS: Readonly<Record<DiagramMarker, string>> = {
  completed: 'rp-diagram-completed',
  active: 'rp-diagram-active',
  incident: 'rp-diagram-incident',
  selected: 'rp-diagram-selected',
};

/** Element id → marker classes, for the markers that name an element of this diagram. */
export function markerClasses(markers: ProcessDiagramProps['markers']): [string, string[]][] {
  return Object.entries(markers ?? {}).map(([id, value]) => [
    id,
    (typeof value === 'string' ? [value] : [...value]).map((m) => MARKER_CLASS[m]),
  ]);
}

export default function ProcessDiagramView({
  xml,
  markers,
  overlays,
  elementStyles,
  onElementClick,
  height = 360,
  label = '流程图',
}: ProcessDiagramProps) {
  const container = useRef<HTMLDivElement>(null);
  const [viewer, setViewer] = useState<Viewer>();
  const [error, setError] = useState<string>();
  const onClickRef = useRef(onElementClick);
  onClickRef.current = onElementClick;

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
          // Steps only: not sequence flows, not the process (the background).
          if (shape.waypoints || shape.type === 'bpmn:Process' || shape.type === 'label') return;
          onClickRef.current?.(shape.id);
        });
        setViewer(current);
      } catch {
        if (!cancelled) setError('流程图无法显示：部署的 BPMN 无法解析或缺少图形信息');
      }
    })();
    return () => {
      cancelled = true;
      current?.destroy();
      setViewer(undefined);
    };
  }, [xml]);

  useEffect(() => {
    if (!viewer) return undefined;
    const canvas = viewer.get('canvas');
    const registry = viewer.get('elementRegistry');
    const applied = markerClasses(markers).filter(([id]) => registry.get(id) !== undefined);
    for (const [id, classes] of applied) for (const cls of classes) canvas.addMarker(id, cls);
    return () => {
      for (const [id, classes] of applied) for (const cls of classes) canvas.removeMarker(id, cls);
    };
  }, [viewer, markers]);

  useEffect(() => {
    if (!viewer) return undefined;
    const service = viewer.get('overlays');
    const registry = viewer.get('elementRegistry');
    service.remove({ type: STYLE_OVERLAY_TYPE });
    const outlined: SVGElement[] = [];
    for (const [elementId, style] of Object.entries(elementStyles ?? {})) {
      const shape = registry.get(elementId);
      if (!shape || shape.waypoints) continue;
      if (style.fill) {
        const tint = document.createElement('div');
        tint.className = 'rp-diagram-fill';
        tint.dataset.testid = 'diagram-fill';
        tint.dataset.elementId = elementId;
        tint.style.width = `${shape.width ?? 0}px`;
        tint.style.height = `${shape.height ?? 0}px`;
        tint.style.background = style.fill;
        service.add(elementId, STYLE_OVERLAY_TYPE, { position: { top: 0, left: 0 }, html: tint });
      }
      if (style.label) {
        const label = document.createElement('div');
        label.className = 'rp-diagram-label';
        label.dataset.testid = 'diagram-label';
        label.dataset.elementId = elementId;
        label.textContent = style.label;
        service.add(elementId, STYLE_OVERLAY_TYPE, { position: { bottom: -2, left: 0 }, html: label });
      }
      const visual = style.stroke ? registry.getGraphics(elementId)?.querySelector<SVGElement>('.djs-visual > :first-child') : null;
      if (visual && style.stroke) {
        // Inline and important: the marker classes colour outlines with !important too.
        visual.style.setProperty('stroke', style.stroke, 'important');
        visual.style.setProperty('stroke-width', '4px', 'important');
        outlined.push(visual);
      }
    }
    return () => {
      for (const visual of outlined) {
        visual.style.removeProperty('stroke');
        visual.style.removeProperty('stroke-width');
      }
    };
  }, [viewer, elementStyles]);

  useEffect(() => {
    if (!viewer) return;
    const service = viewer.get('overlays');
    const registry = viewer.get('elementRegistry');
    service.remove({ type: OVERLAY_TYPE });
    for (const overlay of diagramBadges(overlays, elementStyles)) {
      if (!registry.get(overlay.elementId)) continue;
      const badge = document.createElement('div');
      badge.className = `rp-diagram-badge rp-diagram-badge-${overlay.tone ?? 'info'}`;
      badge.dataset.testid = 'diagram-badge';
      badge.dataset.elementId = overlay.elementId;
      badge.textContent = overlay.text;
      if (overlay.title) {
        badge.title = overlay.title;
        badge.setAttribute('aria-label', overlay.title);
      }
      service.add(overlay.elementId, OVERLAY_TYPE, { position: overlay.position ?? { top: -10, right: 10 }, html: badge });
    }
  }, [viewer, overlays, elementStyles]);

  return (
    <div className="rp-diagram" style={{ height }}>
      {error && <Alert type="error" showIcon title={error} />}
      {!viewer && !error && (
        <div className="rp-diagram-loading" role="status">
          <Spin />
          <span className="rp-loading-text">正在加载流程图…</span>
        </div>
      )}
      <div
        ref={container}
        className="rp-diagram-canvas"
        data-testid="process-diagram"
        data-ready={viewer ? 'true' : 'false'}
        role="figure"
        aria-label={label}
      />
    </div>
  );
}
