/**
 * camunda-bpmn-js's Camunda 8 modeler (Zeebe properties panel, in Chinese) inside React,
 * with bpmnlint running after every change. Mounted once per document (the parent sets a
 * `key`); the parent gets a handle to save the XML and to select an element by id.
 * The bpmn.io watermark that bpmn-js draws stays visible, as its licence requires.
 */
import Modeler from 'camunda-bpmn-js/lib/camunda-cloud/Modeler';
import 'camunda-bpmn-js/dist/assets/camunda-cloud-modeler.css';
import { useEffect, useRef } from 'react';
import type { LintProblem } from './bpmn-lint';
import { chineseTranslateModule } from './zh-translate';

export interface ModelerHandle {
  saveXml(): Promise<string>;
  /** Selects and scrolls to the element; false when the diagram has no such element. */
  select(elementId: string): boolean;
}

/** What the parent learns about the diagram after the import and each change. */
export interface DiagramFacts {
  /** The executable process's id (bpmnProcessId) and name. */
  readonly processId: string | undefined;
  readonly processName: string | undefined;
}

interface ModdleElement {
  readonly $type: string;
  readonly id?: string;
  readonly name?: string;
  readonly isExecutable?: boolean;
  readonly rootElements?: readonly ModdleElement[];
}

interface DiagramElement {
  readonly id: string;
  readonly businessObject?: ModdleElement;
}

type Services = {
  elementRegistry: { get(id: string): DiagramElement | undefined };
  selection: { select(element: DiagramElement): void };
  canvas: {
    scrollToElement(element: DiagramElement): void;
    addMarker(element: DiagramElement, marker: string): void;
    removeMarker(element: DiagramElement, marker: string): void;
  };
};

const LINT_MARKERS = { error: 'rp-lint-error', warn: 'rp-lint-warn', info: 'rp-lint-warn' } as const;
const LINT_DELAY_MS = 300;

export function BpmnModeler({
  xml,
  onReady,
  onChange,
  onLint,
  onImportError,
}: {
  readonly xml: string;
  readonly onReady: (handle: ModelerHandle, facts: DiagramFacts) => void;
  readonly onChange: (facts: DiagramFacts) => void;
  readonly onLint: (problems: readonly LintProblem[]) => void;
  readonly onImportError: (message: string) => void;
}) {
  const canvasRef = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const callbacks = useRef({ onReady, onChange, onLint, onImportError });
  callbacks.current = { onReady, onChange, onLint, onImportError };

  useEffect(() => {
    const container = canvasRef.current;
    const panel = panelRef.current;
    if (!container || !panel) return undefined;
    let live = true;
    let lintTimer: ReturnType<typeof setTimeout> | undefined;
    let marked: { element: DiagramElement; marker: string }[] = [];
    const modeler = new Modeler({ container, propertiesPanel: { parent: panel }, additionalModules: [chineseTranslateModule] } as never);
    const service = <K extends keyof Services>(name: K): Services[K] => modeler.get<Services[K]>(name);
    const definitions = () => modeler.getDefinitions() as unknown as ModdleElement;

    const lint = async () => {
      // The Camunda 8.8 rules (with a FEEL parser) are their own chunk, loaded after the diagram shows.
      const { lintDefinitions } = await import('./bpmn-lint');
      const problems = await lintDefinitions(definitions());
      if (!live) return;
      for (const { element, marker } of marked) service('canvas').removeMarker(element, marker);
      marked = problems.flatMap((problem) => {
        const element = problem.elementId ? service('elementRegistry').get(problem.elementId) : undefined;
        return element ? [{ element, marker: LINT_MARKERS[problem.severity] }] : [];
      });
      for (const { element, marker } of marked) service('canvas').addMarker(element, marker);
      callbacks.current.onLint(problems);
    };
    const scheduleLint = () => {
      clearTimeout(lintTimer);
      lintTimer = setTimeout(() => void lint().catch(() => undefined), LINT_DELAY_MS);
    };

    modeler.on('commandStack.changed', () => {
      if (!live) return;
      callbacks.current.onChange(factsOf(definitions()));
      scheduleLint();
    });

    modeler.importXML(xml).then(
      () => {
        if (!live) return;
        callbacks.current.onReady(
          {
            saveXml: async () => (await modeler.saveXML({ format: true })).xml ?? '',
            select: (elementId) => {
              const element = service('elementRegistry').get(elementId);
              if (!element) return false;
              service('selection').select(element);
              service('canvas').scrollToElement(element);
              return true;
            },
          },
          factsOf(definitions()),
        );
        void lint().catch(() => undefined);
      },
      (error: unknown) => {
        if (live) callbacks.current.onImportError(error instanceof Error ? error.message : String(error));
      },
    );
    return () => {
      live = false;
      clearTimeout(lintTimer);
      modeler.destroy();
    };
    // One modeler per document: the parent remounts with a new key for another XML.
  }, []);

  return (
    <div className="rp-modeler">
      {/* diagram-js makes its own SVG focusable and takes keyboard shortcuts while it has focus. */}
      <div className="rp-modeler-canvas" ref={canvasRef} data-testid="bpmn-canvas" aria-label="BPMN 流程图编辑区" role="region" />
      <div className="rp-modeler-panel" ref={panelRef} data-testid="properties-panel" role="complementary" aria-label="属性面板" />
    </div>
  );
}

function factsOf(definitions: ModdleElement): DiagramFacts {
  const processes = (definitions.rootElements ?? []).filter((e) => e.$type === 'bpmn:Process');
  const process = processes.find((p) => p.isExecutable) ?? processes[0];
  return { processId: process?.id, processName: process?.name };
}

/** A new diagram: an executable process with a start event, ready to draw on. */
export function newDiagramXml(processId: string, processName: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_${processId}" targetNamespace="http://bpmn.io/schema/bpmn" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.8.0">
  <bpmn:process id="${processId}" name="${processName}" isExecutable="true">
    <bpmn:startEvent id="StartEvent_1" name="开始" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_1">
    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="${processId}">
      <bpmndi:BPMNShape id="StartEvent_1_di" bpmnElement="StartEvent_1">
        <dc:Bounds x="180" y="160" width="36" height="36" />
      </bpmndi:BPMNShape>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}
