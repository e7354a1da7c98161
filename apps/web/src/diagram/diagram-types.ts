/** The props of the process diagram; kept free of bpmn-js so pages can import them without loading it. */

/** How a step is marked: done (green), running (blue), stopped by an incident (red), or picked by the user. */
export type DiagramMarker = 'completed' | 'active' | 'incident' | 'selected';

/** A small label pinned to a step, e.g. a badge with an incident count. */
export interface DiagramOverlay {
  readonly elementId: string;
  readonly text: string;
  /** Where on the step's box; default top right. */
  readonly position?: { readonly top?: number; readonly bottom?: number; readonly left?: number; readonly right?: number };
  readonly tone?: 'danger' | 'info' | 'success';
  /** Shown on hover and read by screen readers. */
  readonly title?: string;
}

/**
 * How one element is drawn over, for figures per element (the 统计分析 heat map): a tint over
 * its box, the colour of its outline, a short text under it and a badge at its top right.
 */
export interface ElementStyle {
  /** Any CSS colour; drawn translucent over the element's box. */
  readonly fill?: string;
  /** Any CSS colour for the element's outline, drawn thicker. */
  readonly stroke?: string;
  readonly label?: string;
  readonly badge?: Omit<DiagramOverlay, 'elementId' | 'position'>;
}

export interface ProcessDiagramProps {
  /** The deployed BPMN XML (GET /api/process-definitions/:key → bpmnXml). */
  readonly xml: string;
  /** Element id → how it is marked; several markers per element are allowed. */
  readonly markers?: Readonly<Record<string, DiagramMarker | readonly DiagramMarker[]>>;
  readonly overlays?: readonly DiagramOverlay[];
  /** Element id → a fill, outline, label and badge of its own (elements not in the diagram are skipped). */
  readonly elementStyles?: Readonly<Record<string, ElementStyle>>;
  /** Called with the element id of a clicked step (flow nodes only, not flows or the background). */
  readonly onElementClick?: (elementId: string) => void;
  /** Canvas height in pixels; default 360. */
  readonly height?: number;
  /** Accessible name of the figure; default 流程图. */
  readonly label?: string;
}
