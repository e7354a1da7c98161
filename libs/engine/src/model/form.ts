/**
 * `.form` resources (form-js JSON): the structural minimum — a JSON object with a string
 * `id` (the formId user tasks reference) and a `components` array.
 */
import type { ProblemSink } from './problems';
import type { CompiledForm } from './types';

export function compileForm(sink: ProblemSink, json: string): CompiledForm | undefined {
  let schema: unknown;
  try {
    schema = JSON.parse(json);
  } catch (error: unknown) {
    sink.add(
      undefined,
      `Expected the form to be valid JSON, but failed to parse it: ${error instanceof Error ? error.message : String(error)}`,
    );
    return undefined;
  }
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    sink.add(undefined, 'Expected the form to be a JSON object');
    return undefined;
  }
  const { id, components } = schema as { id?: unknown; components?: unknown };
  let ok = true;
  if (typeof id !== 'string' || id.trim() === '') {
    sink.add(undefined, "Expected the form to have a non-empty string 'id' (the formId)");
    ok = false;
  }
  if (!Array.isArray(components)) {
    sink.add(undefined, "Expected the form to have a 'components' array");
    ok = false;
  }
  return ok ? { formId: id as string, schema } : undefined;
}
