import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFormSchema, type FormSchema } from '../src';

/** A bpmn-io viewer fixture (test/fixtures, MIT), given a form id when it has none. */
export function fixture(name: string): FormSchema {
  const json = JSON.parse(readFileSync(join(__dirname, 'fixtures', `${name}.json`), 'utf8')) as Record<string, unknown>;
  return parsed({ id: name, ...json });
}

/** A form from inline components; fails the test when the schema does not parse. */
export function form(...components: Record<string, unknown>[]): FormSchema {
  return parsed({ id: 'test-form', type: 'default', components });
}

export function parsed(json: unknown): FormSchema {
  const result = parseFormSchema(json);
  if (!result.ok) throw new Error(`schema does not parse: ${JSON.stringify(result.problems)}`);
  return result.form;
}
