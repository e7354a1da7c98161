/**
 * Type declarations for the parts of bpmn-moddle and moddle-xml the compiler uses.
 * bpmn-moddle ships types only through `exports` (unreachable with `moduleResolution:
 * node10`) and moddle-xml ships none.
 */
declare module 'bpmn-moddle' {
  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>);
  }
}

declare module 'moddle-xml' {
  export interface ParseWarning {
    readonly message: string;
    readonly element?: { readonly id?: unknown; readonly $type?: string };
    readonly property?: string;
    readonly value?: unknown;
    readonly error?: Error;
  }

  export interface RootHandler {
    /** Set synchronously once parsing is done. */
    readonly element?: unknown;
    readonly context?: { readonly warnings: ParseWarning[] };
  }

  export class Reader {
    constructor(options: { model: unknown; lax: boolean });
    handler(typeName: string): RootHandler;
    fromXML(xml: string, rootHandler: RootHandler): Promise<unknown>;
  }
}

declare module 'saxen' {
  export interface SaxContext {
    readonly line: number;
    readonly column: number;
    readonly data: string;
  }

  export class Parser {
    constructor(options?: { proxy?: boolean });
    on(event: 'error' | 'warn', handler: (error: Error, getContext: () => SaxContext) => void): this;
    parse(xml: string): Error | null;
  }
}
