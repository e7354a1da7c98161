/**
 * Checks the diagrams against the server: every job type a diagram in processes/*.bpmn
 * hands out has a worker the server registers (PROCEDURE_HANDLERS, the list
 * ProcedureWorkersService registers, provided by ProcedureWorkersModule, which the app imports).
 */
import { join } from 'node:path';
import { AppModule } from '../../apps/server/src/app.module';
import type { AppConfig } from '../../apps/server/src/config/app-config';
import type { ModuleRef } from '@nestjs/core';
import type { JobWorkerOptions, JobWorkers } from '@rp/workflow';
import { PROCEDURE_HANDLERS, REGISTERED_TASK_TYPES } from '../../apps/server/src/procedure-workers/procedure-handlers';
import { ProcedureWorkersModule } from '../../apps/server/src/procedure-workers/procedure-workers.module';
import { ProcedureWorkersService } from '../../apps/server/src/procedure-workers/procedure-workers.service';
import { type El, extension, flowElements, listFiles, parseBpmn, PROCESSES_DIR } from './model-files';

/** The job types ProcedureWorkersService registers with JobWorkers at module init. */
function typesTheServerRegisters(): string[] {
  const registered: string[] = [];
  const workers = { register: (options: JobWorkerOptions) => registered.push(options.type) } as unknown as JobWorkers;
  const moduleRef = { get: () => ({ handle: () => Promise.reject(new Error('not called')) }) } as unknown as ModuleRef;
  new ProcedureWorkersService(workers, moduleRef).onModuleInit();
  return registered;
}

async function jobTypesOfDiagrams(): Promise<Map<string, string[]>> {
  const types = new Map<string, string[]>();
  for (const file of listFiles(PROCESSES_DIR, '.bpmn')) {
    const { definitions } = await parseBpmn(join(PROCESSES_DIR, file));
    const processes = ((definitions['rootElements'] as El[] | undefined) ?? []).filter((e) => e.$type === 'bpmn:Process');
    for (const process of processes)
      for (const el of flowElements(process)) {
        const type = extension(el, 'zeebe:TaskDefinition')?.['type'];
        if (typeof type === 'string') types.set(type, [...(types.get(type) ?? []), `${file}#${el.id ?? '?'}`]);
      }
  }
  return types;
}

describe('procedure workers against processes/*.bpmn', () => {
  let diagramTypes: Map<string, string[]>;

  beforeAll(async () => {
    diagramTypes = await jobTypesOfDiagrams();
  });

  it('finds the service tasks of the five procedures', () => {
    expect(diagramTypes.size).toBeGreaterThanOrEqual(17);
  });

  it('has a registered worker for every task type a diagram uses', () => {
    const registered = typesTheServerRegisters();
    expect(registered).toEqual(REGISTERED_TASK_TYPES);
    const missing = [...diagramTypes.entries()]
      .filter(([type]) => !registered.includes(type))
      .map(([type, where]) => `${type} (${where.join(', ')})`);
    expect(missing).toEqual([]);
  });

  it('registers no worker for a task type no diagram uses', () => {
    expect(REGISTERED_TASK_TYPES.filter((type) => !diagramTypes.has(type))).toEqual([]);
  });

  it('provides every registered handler in ProcedureWorkersModule', () => {
    const providers = (Reflect.getMetadata('providers', ProcedureWorkersModule) as unknown[] | undefined) ?? [];
    for (const handler of Object.values(PROCEDURE_HANDLERS)) expect(providers).toContain(handler);
  });

  it('imports ProcedureWorkersModule into the server application', () => {
    const app = AppModule.forRoot({ logLevel: 'silent' } as AppConfig, 'postgres://unused@127.0.0.1:1/unused');
    expect(app.imports).toContain(ProcedureWorkersModule);
  });

  it('names each handler class after the task type it declares', () => {
    for (const [type, handler] of Object.entries(PROCEDURE_HANDLERS)) expect(handler.taskType).toBe(type);
  });
});
