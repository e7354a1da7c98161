/**
 * The reusable process diagram: `<ProcessDiagram xml markers overlays elementStyles onElementClick />`.
 * bpmn-js and its styles are a separate chunk, fetched the first time a diagram renders.
 */
import { Spin } from 'antd';
import { lazy, Suspense } from 'react';
import type { ProcessDiagramProps } from './diagram-types';

export type { DiagramMarker, DiagramOverlay, ElementStyle, ProcessDiagramProps } from './diagram-types';

const ProcessDiagramView = lazy(() => import('./process-diagram-view'));

export function ProcessDiagram(props: ProcessDiagramProps) {
  return (
    <Suspense
      fallback={
        <div className="rp-diagram-loading" role="status" style={{ height: props.height ?? 360 }}>
          <Spin />
          <span className="rp-loading-text">正在加载流程图…</span>
        </div>
      }
    >
      <ProcessDiagramView {...props} />
    </Suspense>
  );
}
