/**
 * form-js's editor (palette, canvas, properties panel) inside React, mounted once per
 * schema (the parent sets a `key`). Every change hands the parent the current schema, which
 * the page renders as a live preview with the app's own form viewer.
 */
import { FormEditor } from '@bpmn-io/form-js-editor';
import '@bpmn-io/form-js-viewer/dist/assets/form-js.css';
import '@bpmn-io/form-js-editor/dist/assets/form-js-editor.css';
import { useEffect, useRef } from 'react';
import { translateEditorText } from './form-editor-text';

export interface FormEditorHandle {
  schema(): Record<string, unknown>;
}

export function FormSchemaEditor({
  schema,
  onReady,
  onChange,
  onImportError,
}: {
  readonly schema: Record<string, unknown>;
  readonly onReady: (handle: FormEditorHandle) => void;
  readonly onChange: (schema: Record<string, unknown>) => void;
  readonly onImportError: (message: string) => void;
}) {
  const container = useRef<HTMLDivElement>(null);
  const callbacks = useRef({ onReady, onChange, onImportError });
  callbacks.current = { onReady, onChange, onImportError };

  useEffect(() => {
    const parent = container.current;
    if (!parent) return undefined;
    let live = true;
    const editor = new FormEditor({ container: parent });
    const current = () => editor.saveSchema() as Record<string, unknown>;
    // form-js's editor speaks English; its labels are rendered anew often, so translate on every change.
    const observer = new MutationObserver(() => translateEditorText(parent));
    // form-js also emits `changed` while importing and on selection: report only real edits.
    let baseline: string | undefined;
    editor.on('changed', () => {
      if (!live || baseline === undefined) return;
      const next = current();
      const text = JSON.stringify(next);
      if (text === baseline) return;
      baseline = text;
      callbacks.current.onChange(next);
    });
    editor.importSchema(schema as never).then(
      () => {
        if (!live) return;
        baseline = JSON.stringify(current());
        translateEditorText(parent);
        observer.observe(parent, { childList: true, subtree: true, characterData: true });
        callbacks.current.onReady({ schema: current });
      },
      (error: unknown) => live && callbacks.current.onImportError(error instanceof Error ? error.message : String(error)),
    );
    return () => {
      live = false;
      observer.disconnect();
      editor.destroy();
    };
    // One editor per schema: the parent remounts with a new key for another form.
  }, []);

  return <div ref={container} className="rp-form-editor" data-testid="form-editor" />;
}
