/**
 * The form registry and the bridge to libs/forms: parses a deployed schema once (cached by
 * form key), finds the form of a task (linked form key, or an embedded
 * `camunda-forms:bpmn:<id>` form in the process XML), and validates or prefills with it.
 */
import { Injectable } from '@nestjs/common';
import { parseFormSchema, type FormSchema, type SchemaProblem } from '@rp/forms';
import { FormsRepository } from './forms.repository';

export interface ResolvedForm {
  readonly formId: string;
  readonly version: number | null;
  readonly formKey: string | null;
  readonly schema: Record<string, unknown>;
  readonly form: FormSchema;
}

export const EMBEDDED_FORM_PREFIX = 'camunda-forms:bpmn:';

@Injectable()
export class FormsService {
  private readonly parsed = new Map<string, ResolvedForm>();

  constructor(private readonly forms: FormsRepository) {}

  /** Why a `.form` file is not valid form-js (undefined when it is). */
  static problemsOf(content: string): string | undefined {
    let json: unknown;
    try {
      json = JSON.parse(content);
    } catch (error) {
      return `不是合法的 JSON：${error instanceof Error ? error.message : String(error)}`;
    }
    const result = parseFormSchema(json);
    return result.ok ? undefined : describeProblems(result.problems);
  }

  async record(form: { formKey: string; formId: string; version: number; resourceName: string; content: string }): Promise<void> {
    await this.forms.record({
      formKey: form.formKey,
      formId: form.formId,
      version: form.version,
      resourceName: form.resourceName,
      schema: JSON.parse(form.content) as Record<string, unknown>,
    });
  }

  async byKey(formKey: string): Promise<ResolvedForm | undefined> {
    const cached = this.parsed.get(formKey);
    if (cached) return cached;
    const row = await this.forms.byKey(formKey);
    return row ? this.remember(formKey, { formId: row.formId, version: row.version, formKey: row.formKey, schema: row.schema }) : undefined;
  }

  async latest(formId: string): Promise<ResolvedForm | undefined> {
    const row = await this.forms.latest(formId);
    return row ? this.byKey(row.formKey) : undefined;
  }

  /** An embedded form's JSON from the process XML (`zeebe:userTaskForm`). */
  embedded(cacheKey: string, json: string): ResolvedForm | undefined {
    const cached = this.parsed.get(cacheKey);
    if (cached) return cached;
    let schema: unknown;
    try {
      schema = JSON.parse(json);
    } catch {
      return undefined;
    }
    if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return undefined;
    const id = (schema as { id?: unknown }).id;
    return this.remember(cacheKey, {
      formId: typeof id === 'string' ? id : cacheKey,
      version: null,
      formKey: null,
      schema: schema as Record<string, unknown>,
    });
  }

  private remember(cacheKey: string, entry: Omit<ResolvedForm, 'form'>): ResolvedForm | undefined {
    const result = parseFormSchema(entry.schema);
    if (!result.ok) return undefined;
    const resolved = { ...entry, form: result.form };
    this.parsed.set(cacheKey, resolved);
    return resolved;
  }
}

function describeProblems(problems: readonly SchemaProblem[]): string {
  const shown = problems.slice(0, 5).map((p) => `${p.path}: ${p.reason}`);
  return `不是合法的 form-js 表单：${shown.join('；')}${problems.length > 5 ? `（另有 ${problems.length - 5} 处）` : ''}`;
}
