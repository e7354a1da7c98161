/** Typings for the bpmn.io packages the designer uses that ship none. */

declare module 'virtual:bpmnlint-camunda-8-8' {
  /** bpmnlint's rules for Camunda 8.8, compiled at build time (apps/web/vite.config.ts). */
  export const config: { readonly rules: Record<string, unknown> };
  export const resolver: object;
}

declare module 'bpmnlint' {
  export interface LintReport {
    readonly id?: string;
    readonly message: string;
    readonly category: 'error' | 'warn' | 'info' | 'rule-error';
    readonly path?: readonly (string | number)[];
  }
  export class Linter {
    constructor(options: { config: object; resolver: object });
    lint(definitions: unknown): Promise<Record<string, readonly LintReport[]>>;
  }
}

declare module 'bpmn-js-differ' {
  interface DiffElement {
    readonly $type: string;
    readonly id: string;
    readonly name?: string;
  }
  export interface DiffResult {
    readonly _added: Record<string, DiffElement>;
    readonly _removed: Record<string, DiffElement>;
    readonly _changed: Record<
      string,
      { readonly model: DiffElement; readonly attrs: Record<string, { oldValue: unknown; newValue: unknown }> }
    >;
    readonly _layoutChanged: Record<string, DiffElement>;
  }
  export function diff(oldDefinitions: unknown, newDefinitions: unknown): DiffResult;
}

declare module 'bpmn-js-i18n-zh/lib/bpmn-js' {
  const translations: Record<string, string>;
  export default translations;
}
declare module 'bpmn-js-i18n-zh/lib/properties-panel' {
  const translations: Record<string, string>;
  export default translations;
}
declare module 'bpmn-js-i18n-zh/lib/zeebe-properties-panel' {
  const translations: Record<string, string>;
  export default translations;
}
