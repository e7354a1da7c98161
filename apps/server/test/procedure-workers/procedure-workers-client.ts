/**
 * Helpers for the procedure-worker specs: a server deploying the one-step fixture diagrams
 * (none start → rp.* service task → end), starting instances through the Zeebe gateway, and
 * reading the outcome from the embedded engine's own tables.
 */
import { join } from 'node:path';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { WorkflowEngineService } from '../../src/engine/workflow-engine.service';
import type { ActivatedJob } from '@rp/workflow';
import { startTestServer, type TestServer } from '../support/test-server';

export const FIXTURES = join(__dirname, '..', 'fixtures', 'procedure-workers');

export function startProcedureServer(): Promise<TestServer> {
  return startTestServer({ PROCESSES_DIR: FIXTURES, FORMS_DIR: FIXTURES });
}

export const dataSourceOf = (server: TestServer): DataSource => server.server.app.get<DataSource>(getDataSourceToken());

/** Starts the fixture process of a task type (`rp.check-slate` → `pw-check-slate`) with these variables. */
export async function startStep(server: TestServer, taskType: string, variables: Record<string, unknown>): Promise<string> {
  const grpc = server.server.app.get(WorkflowEngineService).grpc();
  const created = await grpc.createProcessInstance({ bpmnProcessId: `pw-${taskType.replace(/^rp\./, '')}`, variables: variables as never });
  return String(created.processInstanceKey);
}

async function poll<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The instance's root variables once it has completed. */
export function completedVariables(server: TestServer, processInstanceKey: string): Promise<Record<string, unknown>> {
  return poll(`instance ${processInstanceKey} to complete`, async () => {
    const rows: { state: string; variables: Record<string, unknown> }[] = await dataSourceOf(server).query(
      'SELECT state, variables FROM engine.process_instance WHERE key = $1',
      [processInstanceKey],
    );
    return rows[0]?.state === 'COMPLETED' ? rows[0].variables : undefined;
  });
}

/** The message of the instance's incident (a job failed with no retries left). */
export function incidentOf(server: TestServer, processInstanceKey: string): Promise<{ errorType: string; errorMessage: string }> {
  return poll(`an incident of ${processInstanceKey}`, async () => {
    const rows: { error_type: string; error_message: string }[] = await dataSourceOf(server).query(
      `SELECT error_type, error_message FROM engine.incident WHERE process_instance_key = $1 AND state = 'ACTIVE'`,
      [processInstanceKey],
    );
    return rows[0] ? { errorType: rows[0].error_type, errorMessage: rows[0].error_message } : undefined;
  });
}

let fakeKey = 9_000_000_000_000;
/** A job as the worker would receive it, for calling a handler directly (a retry reuses `key`). */
export function fakeJob(type: string, variables: Record<string, unknown>, key = String((fakeKey += 1))): ActivatedJob {
  return {
    key,
    type,
    processInstanceKey: String(fakeKey + 500_000),
    processDefinitionKey: '1',
    bpmnProcessId: `pw-${type.replace(/^rp\./, '')}`,
    processDefinitionVersion: 1,
    elementId: 'Task',
    elementInstanceKey: key,
    customHeaders: {},
    variables,
    retries: 3,
    deadline: Date.now() + 60_000,
  };
}

export async function count(server: TestServer, table: string, where = 'TRUE', params: unknown[] = []): Promise<number> {
  const rows: { n: string }[] = await dataSourceOf(server).query(`SELECT count(*)::text AS n FROM ${table} WHERE ${where}`, params);
  return Number(rows[0]?.n ?? 0);
}
