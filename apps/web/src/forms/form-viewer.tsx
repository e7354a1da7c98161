/**
 * A form-js form (the viewer) inside React. Imported only by lazy pages (办理任务, 发起),
 * so form-js and its CSS land in their own chunk. The parent gets a handle to submit
 * (client validation in Chinese) and to put the server's field errors under their fields.
 */
import { Form } from '@bpmn-io/form-js-viewer';
import '@bpmn-io/form-js-viewer/dist/assets/form-js.css';
import { useEffect, useRef } from 'react';
import type { FieldError } from '../api/client';
import { parseFieldPath, samePath, translateUiText, translateValidationMessage } from './field-paths';

export interface FormHandle {
  /** Validates; the data when valid, otherwise undefined (the errors are shown on the fields). */
  submit(): Record<string, unknown> | undefined;
  /** Shows server errors on their fields; returns those that have no field in the form. */
  showServerErrors(errors: readonly FieldError[]): FieldError[];
}

interface FieldInstance {
  readonly id: string;
  readonly valuePath: readonly (string | number)[];
  readonly indexes?: Record<string, number>;
}

interface FormInternals {
  get<T>(name: string): T;
  _getState(): { data?: unknown; errors: Record<string, unknown> };
  _setState(state: Record<string, unknown>): void;
}

export function FormViewer({
  schema,
  data,
  readOnly = false,
  onChange,
  onReady,
  label,
}: {
  readonly schema: Record<string, unknown>;
  readonly data: Record<string, unknown>;
  readonly readOnly?: boolean;
  readonly onChange?: (data: Record<string, unknown>) => void;
  readonly onReady?: (handle: FormHandle) => void;
  readonly label: string;
}) {
  const container = useRef<HTMLDivElement>(null);
  const callbacks = useRef({ onChange, onReady });
  callbacks.current = { onChange, onReady };

  useEffect(() => {
    const parent = container.current;
    if (!parent) return undefined;
    let live = true;
    // Changes are reported only after the import, and only when the data really changed
    // (form-js also emits `changed` while importing and on focus).
    let baseline: string | undefined;
    const form = new Form({ container: parent });
    const internals = form as unknown as FormInternals;
    form.on('changed', (event: { data: Record<string, unknown> }) => {
      if (!live || baseline === undefined) return;
      const text = JSON.stringify(event.data);
      if (text === baseline) return;
      baseline = text;
      callbacks.current.onChange?.(event.data);
    });
    void form.importSchema(schema as never, data).then(() => {
      if (!live) return;
      baseline = JSON.stringify(internals._getState().data ?? {});
      if (readOnly) form.setProperty('readOnly', true);
      // form-js validates in English; the officials read Chinese.
      const validator = internals.get<{ validateFieldInstance: (instance: unknown, value: unknown) => string[] }>('validator');
      const validate = validator.validateFieldInstance.bind(validator);
      validator.validateFieldInstance = (instance, value) => validate(instance, value).map(translateValidationMessage);
      callbacks.current.onReady?.({
        submit() {
          const result = form.submit();
          return Object.keys(result.errors).length === 0 ? result.data : undefined;
        },
        showServerErrors(errors) {
          const instances = internals.get<{ getAllKeyed(): FieldInstance[] }>('formFieldInstanceRegistry').getAllKeyed();
          const next: Record<string, unknown> = {};
          const unplaced: FieldError[] = [];
          for (const error of errors) {
            const path = parseFieldPath(error.field);
            const instance = path.length > 0 ? instances.find((i) => samePath(i.valuePath, path)) : undefined;
            if (!instance) {
              unplaced.push(error);
              continue;
            }
            const errorPath = [instance.id, ...Object.values(instance.indexes ?? {})];
            setAt(next, errorPath, [...((getAt(next, errorPath) as string[] | undefined) ?? []), error.message]);
          }
          internals._setState({ errors: next });
          parent.querySelector<HTMLElement>('.fjs-has-errors input, .fjs-has-errors textarea')?.focus();
          return unplaced;
        },
      });
    });
    const observer = translateInterface(parent);
    return () => {
      live = false;
      observer.disconnect();
      form.destroy();
    };
    // A new schema or initial data means a new form; callbacks are read through the ref.
  }, [schema, data, readOnly]);

  return <div ref={container} className="rp-form" data-form-label={label} />;
}

/** Keeps form-js's few English interface words (添加一项, 请选择, 搜索…) in Chinese as it renders. */
function translateInterface(root: HTMLElement): MutationObserver {
  const ATTRIBUTES = ['aria-label', 'placeholder', 'title'];
  const visit = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      const translated = translateUiText(node.nodeValue ?? '');
      if (translated !== undefined && translated !== node.nodeValue) node.nodeValue = translated;
      return;
    }
    if (!(node instanceof Element)) return;
    for (const name of ATTRIBUTES) {
      const value = node.getAttribute(name);
      const translated = value === null ? undefined : translateUiText(value);
      if (translated !== undefined && translated !== value) node.setAttribute(name, translated);
    }
    node.childNodes.forEach(visit);
  };
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'childList') record.addedNodes.forEach(visit);
      else if (record.target) visit(record.target);
    }
  });
  observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ATTRIBUTES });
  visit(root);
  return observer;
}

function getAt(target: Record<string, unknown>, path: readonly (string | number)[]): unknown {
  let node: unknown = target;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[String(key)];
  }
  return node;
}

function setAt(target: Record<string, unknown>, path: readonly (string | number)[], value: unknown): void {
  let node: Record<string, unknown> = target;
  path.forEach((key, i) => {
    if (i === path.length - 1) {
      node[String(key)] = value;
      return;
    }
    const existing = node[String(key)];
    const child = typeof existing === 'object' && existing !== null ? (existing as Record<string, unknown>) : {};
    node[String(key)] = child;
    node = child;
  });
}
