/**
 * The engine's commands. Each one runs in one PostgreSQL transaction that locks the
 * process instance row, runs the state machine over the instance document and commits all
 * effects before returning; post-commit effects (new jobs, ended instances) go to listeners.
 */
import { EventEmitter } from 'node:events';
import type { Pool, QueryResultRow } from 'pg';
import { compileResources } from '../model/compile';
import type { ResourceInput } from '../model/types';
import { inTransaction, type InstanceDbRow, type JobDbRow, type Queryable, toInstance, toJob, withCommand } from '../store/database';
import { DecisionRepository, type DeployedDecision } from '../store/decision.repository';
import { DefinitionRepository, type ProcessDefinitionRow } from '../store/definition.repository';
import { evaluateDecision } from '../dmn';
import type { EvaluatedDecision } from '../dmn/types';
import { InstanceRepository, lockSql } from '../store/instance.repository';
import { JobRepository } from '../store/job.repository';
import {
  correlationsSql,
  lockSubscriptionSql,
  lockSubscriptionsSql,
  MessageRepository,
  messagesSql,
  type PendingCorrelation,
  toStoredMessage,
  toSubscription,
} from '../store/message.repository';
import { lockSignalSql, SignalRepository, toSignalSubscription } from '../store/signal.repository';
import { lockDueTimerSql, lockDueTimersSql, TimerRepository, toTimer } from '../store/timer.repository';
import { evaluateString } from './expressions';
import { evaluateTimer, nextCycleDueDate, nextDueDate } from '../timers';
import { type KeyAllocator, KeysExhaustedError } from '../store/keys';
import { CommandBatches } from './command-batches';
import { CommandRejectedError } from './errors';
import { InstanceMachine, type MachineEffects, storedTimer, toStoredTimer } from './machine';
import {
  correlationTarget,
  type DeployedProcess,
  type InstanceChanges,
  type InstanceRow,
  type JobRow,
  type JsonObject,
  type SignalInsert,
  type SignalSubscriptionRow,
  type SubscriptionInsert,
  type TimerInsert,
  type TimerRow,
} from './types';
import { visibleVariables } from './variables';

import type { Clock } from './clock';

export type { Clock } from './clock';

export type DeployedResource =
  | { kind: 'process'; bpmnProcessId: string; version: number; processDefinitionKey: string; resourceName: string }
  | { kind: 'form'; formId: string; version: number; formKey: string; resourceName: string }
  | {
      kind: 'decision';
      decisionId: string;
      name: string;
      version: number;
      decisionKey: string;
      decisionRequirementsId: string;
      decisionRequirementsKey: string;
    }
  | {
      kind: 'decisionRequirements';
      decisionRequirementsId: string;
      name: string;
      version: number;
      decisionRequirementsKey: string;
      resourceName: string;
    };

export interface DecisionEvaluation {
  decision: DeployedDecision;
  /** Set on success (Zeebe's `decisionOutput` before JSON encoding). */
  ok: boolean;
  output: unknown;
  /** Each with the deployed decision's key and version. */
  evaluatedDecisions: Array<EvaluatedDecision & { decisionKey: string; decisionVersion: number }>;
  failedDecisionId: string;
  failureMessage: string;
  decisionInstanceKey: string;
}

export interface DeployResult {
  key: string;
  deployments: DeployedResource[];
}

export interface CreatedInstance {
  processDefinitionKey: string;
  bpmnProcessId: string;
  version: number;
  processInstanceKey: string;
  /** Set when the instance already ended within the creating command. */
  ended?: InstanceRow;
}

export interface ActivatedJob {
  key: string;
  type: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  processDefinitionVersion: number;
  processDefinitionKey: string;
  elementId: string;
  elementInstanceKey: string;
  customHeaders: string;
  worker: string;
  retries: number;
  deadline: string;
  variables: string;
  tenantId: string;
}

export interface ActivationRequest {
  type: string;
  worker: string;
  timeoutMs: number;
  max: number;
  fetchVariables: readonly string[];
}

export const DEFAULT_TENANT = '<default>';
/** Keys reserved before running the state machine; far above what one command uses. */
const KEYS_PER_COMMAND = 400;
/** Where the creation retry stops growing its reservation. */
const MAX_KEYS_PER_COMMAND = 400 * 4 ** 5;
const EMPTY_CHANGES: InstanceChanges = {
  elementInserts: [],
  elementUpdates: [],
  jobInserts: [],
  jobUpdates: [],
  incidentInserts: [],
  incidentResolves: [],
};
/** Expired messages are kept this long (engine time) before they are purged. */
const MESSAGE_PURGE_GRACE_MS = 60_000;

type MachineStep = (machine: InstanceMachine) => void;

interface PendingCreation {
  changes: InstanceChanges;
  resolve(): void;
  reject(err: unknown): void;
}

interface PendingCompletion {
  jobKey: string;
  variables: JsonObject;
  resolve(): void;
  reject(err: unknown): void;
}

interface PublishRequest {
  name: string;
  correlationKey: string;
  ttlMs: number;
  messageId: string;
  variables: JsonObject;
}

interface PendingPublish {
  req: PublishRequest;
  resolve(key: string): void;
  reject(err: unknown): void;
}

/** Commands per batched transaction (creations, completions, publishes), and such batches running at once per kind. */
const MAX_COMMAND_BATCH = 64;
const MAX_COMMAND_BATCHES_IN_FLIGHT = 6;

interface EngineEvents {
  jobs: [type: string];
  ended: [row: InstanceRow];
  /** Messages were published or subscriptions opened: run correlation. */
  correlate: [];
}

export class EngineService {
  readonly events = new EventEmitter<EngineEvents>();
  private readonly definitions = new DefinitionRepository();
  private readonly instances = new InstanceRepository();
  private readonly jobs = new JobRepository();
  private readonly timers = new TimerRepository();
  private readonly messages = new MessageRepository();
  private readonly signals = new SignalRepository();
  private readonly decisionRepo = new DecisionRepository();
  /** Latest version of every decision id (loaded at start, updated on deploy). */
  private latestDecisions = new Map<string, DeployedDecision>();
  private readonly processCache = new Map<string, DeployedProcess>();
  private readonly latestByProcessId = new Map<string, string>();
  private formKeys = new Map<string, string>();

  constructor(
    private readonly pool: Pool,
    private readonly keys: KeyAllocator,
    private readonly clock: Clock,
    /** Job activation has its own connections so pushing jobs never queues behind commands. */
    private readonly activationPool: Pool = pool,
  ) {
    this.events.setMaxListeners(0);
  }

  async init(): Promise<void> {
    this.formKeys = await this.definitions.latestFormKeys(this.pool);
    this.latestDecisions = new Map((await this.decisionRepo.latestDecisions(this.pool)).map((d) => [d.decisionId, d]));
  }

  // ------------------------------------------------------------ deployment

  async deploy(resources: ResourceInput[]): Promise<DeployResult> {
    const compiled = compileResources(resources);
    const now = this.clock.now();
    let opened = false;
    const result = await inTransaction(this.pool, async (db) => {
      await this.definitions.lockDeployments(db);
      const deploymentKey = await this.keys.next(db);
      await this.definitions.insertDeployment(db, deploymentKey, now);
      const deployments: DeployedResource[] = [];
      const newForms: Array<[string, string]> = [];
      const newDecisions: DeployedDecision[] = [];
      for (const res of compiled) {
        if (res.kind === 'process') {
          for (const process of res.processes) {
            const latest = await this.definitions.latestProcess(db, process.bpmnProcessId);
            if (latest && latest.checksum === res.checksum && latest.resourceName === res.resourceName) {
              deployments.push({
                kind: 'process',
                bpmnProcessId: latest.bpmnProcessId,
                version: latest.version,
                processDefinitionKey: latest.key,
                resourceName: latest.resourceName,
              });
              continue;
            }
            const key = await this.keys.next(db);
            const version = (latest?.version ?? 0) + 1;
            await this.definitions.insertProcess(db, {
              key,
              bpmnProcessId: process.bpmnProcessId,
              version,
              name: process.name,
              resourceName: res.resourceName,
              checksum: res.checksum,
              deploymentKey,
              model: process,
              xml: res.xml,
              at: now,
            });
            // Timer start events: the new version's replace the previous version's.
            await this.timers.deleteStartTimers(db, process.bpmnProcessId);
            const startTimers: TimerInsert[] = [];
            for (const id of process.children) {
              const node = process.elements[id];
              if (node?.kind !== 'startEvent' || node.event?.kind !== 'timer') continue;
              const parsed = evaluateTimer(node.event.timer, {});
              const due = parsed.ok ? nextDueDate(parsed.timer, now) : undefined;
              if (!parsed.ok || due === undefined) continue;
              startTimers.push({
                key: await this.keys.next(db),
                pik: null,
                eik: null,
                pdk: key,
                bpid: process.bpmnProcessId,
                eid: id,
                due,
                fired: 0,
                timer: toStoredTimer(parsed.timer),
                at: now,
              });
            }
            // Message start events: the new version's subscriptions replace the previous version's.
            await this.messages.deleteStartSubscriptions(db, process.bpmnProcessId);
            const startSubscriptions: SubscriptionInsert[] = [];
            for (const id of process.children) {
              const node = process.elements[id];
              if (node?.kind !== 'startEvent' || node.event?.kind !== 'message') continue;
              const name = evaluateString(node.event.message.name, {});
              if (!name.ok) continue;
              startSubscriptions.push({
                key: await this.keys.next(db),
                pik: null,
                eik: null,
                pdk: key,
                bpid: process.bpmnProcessId,
                eid: id,
                name: name.value,
                ckey: '',
                at: now,
              });
            }
            if (startSubscriptions.length > 0) {
              await db.query('SELECT engine.apply_changes($1::jsonb)', [
                JSON.stringify({ ...EMPTY_CHANGES, subscriptionInserts: startSubscriptions }),
              ]);
              opened = true;
            }
            // Signal start events: likewise.
            await this.signals.deleteStartSubscriptions(db, process.bpmnProcessId);
            const startSignals: SignalInsert[] = [];
            for (const id of process.children) {
              const node = process.elements[id];
              if (node?.kind !== 'startEvent' || node.event?.kind !== 'signal') continue;
              const name = evaluateString(node.event.signalName, {});
              if (!name.ok) continue;
              startSignals.push({
                key: await this.keys.next(db),
                pik: null,
                eik: null,
                pdk: key,
                bpid: process.bpmnProcessId,
                eid: id,
                name: name.value,
                at: now,
              });
            }
            if (startSignals.length > 0) {
              await db.query('SELECT engine.apply_changes($1::jsonb)', [JSON.stringify({ ...EMPTY_CHANGES, signalInserts: startSignals })]);
            }
            if (startTimers.length > 0) {
              await db.query('SELECT engine.apply_changes($1::jsonb)', [
                JSON.stringify({
                  elementInserts: [],
                  elementUpdates: [],
                  jobInserts: [],
                  jobUpdates: [],
                  incidentInserts: [],
                  incidentResolves: [],
                  timerInserts: startTimers,
                }),
              ]);
            }
            deployments.push({
              kind: 'process',
              bpmnProcessId: process.bpmnProcessId,
              version,
              processDefinitionKey: key,
              resourceName: res.resourceName,
            });
          }
        } else if (res.kind === 'form') {
          const latest = await this.definitions.latestForm(db, res.form.formId);
          if (latest && latest.checksum === res.checksum && latest.resourceName === res.resourceName) {
            deployments.push({
              kind: 'form',
              formId: latest.formId,
              version: latest.version,
              formKey: latest.key,
              resourceName: latest.resourceName,
            });
            continue;
          }
          const key = await this.keys.next(db);
          const version = (latest?.version ?? 0) + 1;
          await this.definitions.insertForm(db, {
            key,
            formId: res.form.formId,
            version,
            resourceName: res.resourceName,
            checksum: res.checksum,
            deploymentKey,
            schema: res.form.schema,
            at: now,
          });
          newForms.push([res.form.formId, key]);
          deployments.push({ kind: 'form', formId: res.form.formId, version, formKey: key, resourceName: res.resourceName });
        } else {
          const latest = await this.decisionRepo.latestRequirements(db, res.decisionRequirementsId);
          if (latest && latest.checksum === res.checksum && latest.resourceName === res.resourceName) {
            for (const d of await this.decisionRepo.decisionsOf(db, latest.key)) deployments.push(decisionMetadata(d));
            deployments.push(requirementsMetadata(latest));
            continue;
          }
          const drg = {
            key: await this.keys.next(db),
            decisionRequirementsId: res.decisionRequirementsId,
            name: res.decisionRequirementsName,
            version: (latest?.version ?? 0) + 1,
            resourceName: res.resourceName,
            checksum: res.checksum,
          };
          await this.decisionRepo.insertRequirements(db, { ...drg, deploymentKey, decisions: res.decisions, xml: res.xml, at: now });
          for (const d of res.decisions) {
            const decision: DeployedDecision = {
              key: await this.keys.next(db),
              decisionId: d.decisionId,
              name: d.decisionName,
              version: (await this.decisionRepo.latestDecisionVersion(db, d.decisionId)) + 1,
              decisionRequirementsKey: drg.key,
              decisionRequirementsId: drg.decisionRequirementsId,
              decisions: res.decisions,
            };
            await this.decisionRepo.insertDecision(db, {
              key: decision.key,
              decisionId: decision.decisionId,
              name: decision.name,
              version: decision.version,
              drgKey: drg.key,
              drgId: drg.decisionRequirementsId,
              at: now,
            });
            newDecisions.push(decision);
            deployments.push(decisionMetadata(decision));
          }
          deployments.push(requirementsMetadata(drg));
        }
      }
      return { key: deploymentKey, deployments, newForms, newDecisions };
    });
    for (const [formId, key] of result.newForms) this.formKeys.set(formId, key);
    for (const d of result.newDecisions) this.latestDecisions.set(d.decisionId, d);
    if (opened) this.events.emit('correlate');
    for (const d of result.deployments) if (d.kind === 'process') this.latestByProcessId.delete(d.bpmnProcessId);
    return { key: result.key, deployments: result.deployments };
  }

  private async resolveProcess(req: { processDefinitionKey?: string; bpmnProcessId?: string; version?: number }): Promise<DeployedProcess> {
    const byKey = req.processDefinitionKey && req.processDefinitionKey !== '0' ? req.processDefinitionKey : undefined;
    if (byKey) {
      const cached = this.processCache.get(byKey);
      if (cached) return cached;
      const row = await this.definitions.processByKey(this.pool, byKey);
      if (!row)
        throw new CommandRejectedError('CREATE', 'NOT_FOUND', `Expected to find process definition with key '${byKey}', but none found`);
      return this.cache(row);
    }
    const id = req.bpmnProcessId ?? '';
    const version = req.version ?? -1;
    if (version < 0) {
      const key = this.latestByProcessId.get(id);
      if (key) {
        const cached = this.processCache.get(key);
        if (cached) return cached;
      }
      const row = await this.definitions.latestProcess(this.pool, id);
      if (!row)
        throw new CommandRejectedError(
          'CREATE',
          'NOT_FOUND',
          `Expected to find process definition with process ID '${id}', but none found`,
        );
      this.latestByProcessId.set(id, row.key);
      return this.cache(row);
    }
    const row = await this.definitions.processByVersion(this.pool, id, version);
    if (!row) {
      throw new CommandRejectedError(
        'CREATE',
        'NOT_FOUND',
        `Expected to find process definition with process ID '${id}' and version '${version}', but none found`,
      );
    }
    return this.cache(row);
  }

  private cache(row: ProcessDefinitionRow): DeployedProcess {
    const def: DeployedProcess = { key: row.key, bpmnProcessId: row.bpmnProcessId, version: row.version, model: row.model };
    this.processCache.set(row.key, def);
    return def;
  }

  private async definitionOf(row: InstanceRow, db: Queryable): Promise<DeployedProcess> {
    const cached = this.processCache.get(row.processDefinitionKey);
    if (cached) return cached;
    const def = await this.definitions.processByKey(db, row.processDefinitionKey);
    if (!def) throw new Error(`process definition ${row.processDefinitionKey} of instance ${row.key} is missing`);
    return this.cache(def);
  }

  // ------------------------------------------------------------ instances

  async createInstance(req: {
    processDefinitionKey?: string;
    bpmnProcessId?: string;
    version?: number;
    variables: JsonObject;
    startElementIds?: string[];
  }): Promise<CreatedInstance> {
    const def = await this.resolveProcess(req);
    for (const id of req.startElementIds ?? []) {
      if (!def.model.elements[id]) {
        throw new CommandRejectedError(
          'CREATE',
          'INVALID_ARGUMENT',
          `Expected to create instance of process with start instructions but no element found with id '${id}'.`,
        );
      }
    }
    if ((!req.startElementIds || req.startElementIds.length === 0) && !def.model.noneStartEventId) {
      throw new CommandRejectedError(
        'CREATE',
        'INVALID_ARGUMENT',
        `Expected to create instance of process with none start event, but there is no such event`,
      );
    }
    // A start that needs more keys than reserved (a multi-instance body over many items right
    // after the start) runs again on fresh state with four times as many.
    const pristine = JSON.stringify(req.variables);
    let machine: InstanceMachine | undefined;
    for (let keysNeeded = KEYS_PER_COMMAND; !machine; keysNeeded *= 4) {
      while (!this.keys.hasAvailable(keysNeeded)) await this.keys.reserve(keysNeeded);
      // From here to the machine's end nothing awaits, so the reserved keys stay ours.
      const now = this.clock.now();
      const variables = JSON.parse(pristine) as JsonObject;
      const row = newInstanceRow(def, this.keys.take(), now, variables);
      const attempt = new InstanceMachine(def, row, this.machineEnv(now));
      try {
        attempt.start(variables, req.startElementIds);
        machine = attempt;
      } catch (err) {
        if (!(err instanceof KeysExhaustedError) || keysNeeded >= MAX_KEYS_PER_COMMAND) throw err;
      }
    }
    const row = machine.row;
    await this.commitCreation(machine.collect());
    this.afterCommit(machine.row, machine.effects);
    return {
      processDefinitionKey: def.key,
      bpmnProcessId: def.bpmnProcessId,
      version: def.version,
      processInstanceKey: row.key,
      ended: machine.effects.ended ? machine.row : undefined,
    };
  }

  /**
   * New instances conflict with nothing, so creations arriving together are written by one
   * autocommit statement; each caller is answered after that statement committed.
   */
  private commitCreation(changes: InstanceChanges): Promise<void> {
    return new Promise<void>((resolve, reject) => this.creations.add({ changes, resolve, reject }));
  }

  private readonly creations = new CommandBatches<PendingCreation>(
    async (batch) => {
      await this.pool.query('SELECT engine.apply_changes_batch($1::jsonb)', [JSON.stringify(batch.map((b) => b.changes))]);
      for (const b of batch) b.resolve();
    },
    MAX_COMMAND_BATCH,
    MAX_COMMAND_BATCHES_IN_FLIGHT,
  );

  async cancelInstance(key: string): Promise<void> {
    await this.onInstance(
      lockSql.instance(key),
      () =>
        new CommandRejectedError(
          'CANCEL',
          'NOT_FOUND',
          `Expected to cancel a process instance with key '${key}', but no such process was found`,
        ),
      () => Promise.resolve((machine: InstanceMachine) => machine.cancel()),
    );
  }

  async setVariables(elementInstanceKey: string, variables: JsonObject, local: boolean): Promise<string> {
    const notFound = () =>
      new CommandRejectedError(
        'UPDATE',
        'NOT_FOUND',
        `Expected to update variables for element with key '${elementInstanceKey}', but no such element was found`,
      );
    await this.onInstance(lockSql.instanceOfElement(elementInstanceKey), notFound, (row) => {
      if (!row.doc.elements[elementInstanceKey]) return Promise.reject(notFound());
      return Promise.resolve((machine: InstanceMachine) => machine.setVariables(elementInstanceKey, variables, local));
    });
    return this.keys.next();
  }

  async resolveIncident(incidentKey: string): Promise<void> {
    const notFound = () =>
      new CommandRejectedError(
        'RESOLVE',
        'NOT_FOUND',
        `Expected to resolve incident with key '${incidentKey}', but no such incident was found`,
      );
    await this.onInstance(lockSql.instanceOfIncident(incidentKey), notFound, async (_row, db) => {
      const incident = await this.instances.findIncident(db, incidentKey);
      if (!incident || incident.state !== 'ACTIVE') throw notFound();
      const job = incident.jobKey ? await this.instances.findJob(db, incident.jobKey) : undefined;
      return (machine) => {
        if (!machine.resolveIncident(incidentKey, job)) throw notFound();
      };
    });
  }

  // ------------------------------------------------------------ jobs

  /**
   * CompleteJob is the hottest command (one per task). Completions arriving together are run
   * in one transaction: two round trips for the whole batch instead of two per completion.
   * Each completion is still checked and applied on its own; a rejected one changes nothing.
   */
  completeJob(jobKey: string, variables: JsonObject): Promise<void> {
    return new Promise<void>((resolve, reject) => this.completions.add({ jobKey, variables, resolve, reject }));
  }

  private readonly completions = new CommandBatches<PendingCompletion>(
    (batch) => this.runCompletions(batch),
    MAX_COMMAND_BATCH,
    MAX_COMMAND_BATCHES_IN_FLIGHT,
  );

  private async runCompletions(batch: PendingCompletion[]): Promise<void> {
    if (batch.length === 0) return;
    const notFound = (jobKey: string) =>
      new CommandRejectedError('COMPLETE', 'NOT_FOUND', `Expected to complete job with key '${jobKey}', but no such job was found`);
    const outcome = new Map<PendingCompletion, Error | undefined>();
    const machines = await this.withGrowingKeys(KEYS_PER_COMMAND + 64 * batch.length, (keysNeeded) =>
      withCommand(this.pool, async (tx) => {
        const [instanceRows, jobRows] = await tx.begin([
          lockSql.instancesOfJobs(batch.map((b) => b.jobKey)),
          lockSql.jobs(batch.map((b) => b.jobKey)),
        ]);
        const instances = new Map(instanceRows.map((r) => [(r as InstanceDbRow).key, toInstance(r as InstanceDbRow)]));
        const jobs = new Map(jobRows.map((r) => [(r as JobDbRow).key, toJob(r as JobDbRow)]));
        const defs = new Map<string, DeployedProcess>();
        for (const row of instances.values()) defs.set(row.key, await this.definitionOf(row, tx.db));
        while (!this.keys.hasAvailable(keysNeeded)) await this.keys.reserve(keysNeeded, tx.db);
        // From here to the commit message nothing awaits: the reserved keys stay this batch's.
        const byInstance = new Map<string, InstanceMachine>();
        const now = this.clock.now();
        for (const item of batch) {
          const job = jobs.get(item.jobKey);
          const row = job ? instances.get(job.processInstanceKey) : undefined;
          const def = row ? defs.get(row.key) : undefined;
          if (!job || !row || !def || row.state !== 'ACTIVE') {
            outcome.set(item, notFound(item.jobKey));
            continue;
          }
          let machine = byInstance.get(row.key);
          if (!machine) {
            machine = new InstanceMachine(def, row, this.machineEnv(now));
            byInstance.set(row.key, machine);
          }
          const state = machine.pendingJobState(job.key) ?? job.state;
          if (state !== 'ACTIVATABLE' && state !== 'ACTIVATED') {
            outcome.set(
              item,
              state === 'COMPLETED' || state === 'CANCELED' || state === 'ERROR_THROWN'
                ? notFound(item.jobKey)
                : new CommandRejectedError(
                    'COMPLETE',
                    'INVALID_STATE',
                    `Expected to complete job with key '${job.key}', but it is in state '${state}'`,
                  ),
            );
            continue;
          }
          if (machine.row.state !== 'ACTIVE') {
            outcome.set(item, notFound(item.jobKey));
            continue;
          }
          machine.completeJob(job, item.variables);
          outcome.set(item, undefined);
        }
        const all = [...byInstance.values()];
        await tx.commit(all.map((m) => m.collect()));
        return all;
      }),
    );
    for (const m of machines) this.afterCommit(m.row, m.effects);
    for (const item of batch) {
      const err = outcome.get(item);
      if (err) item.reject(err);
      else item.resolve();
    }
  }

  async failJob(jobKey: string, retries: number, errorMessage: string, backOffMs: number, variables: JsonObject): Promise<void> {
    await this.onJob('FAIL', 'fail', jobKey, ['ACTIVATABLE', 'ACTIVATED'], (job) =>
      Promise.resolve((machine: InstanceMachine) => machine.failJob(job, retries, errorMessage, backOffMs, variables)),
    );
  }

  async throwError(jobKey: string, errorCode: string, errorMessage: string, variables: JsonObject): Promise<void> {
    await this.onJob('THROW_ERROR', 'throw an error for', jobKey, ['ACTIVATABLE', 'ACTIVATED'], (job) =>
      Promise.resolve((machine: InstanceMachine) => machine.throwErrorFromJob(job, errorCode, errorMessage, variables)),
    );
  }

  async updateJobRetries(jobKey: string, retries: number): Promise<void> {
    if (retries < 1) {
      throw new CommandRejectedError(
        'UPDATE_RETRIES',
        'INVALID_ARGUMENT',
        `Expected to update retries for job with key '${jobKey}' with a positive amount of retries, but the amount given was '${retries}'`,
      );
    }
    await this.onJob(
      'UPDATE_RETRIES',
      'update retries of',
      jobKey,
      ['ACTIVATABLE', 'ACTIVATED', 'FAILED', 'ERROR_THROWN'],
      async (job, db) => {
        await this.jobs.updateRetries(db, job.key, retries);
        return undefined;
      },
    );
  }

  async updateJobTimeout(jobKey: string, timeoutMs: number): Promise<void> {
    await this.onJob('UPDATE_TIMEOUT', 'update timeout of', jobKey, ['ACTIVATED'], async (job, db) => {
      await this.jobs.updateDeadline(db, job.key, this.clock.now() + timeoutMs);
      return undefined;
    });
  }

  /** Claims up to `max` jobs of a type; one statement, no waiting on locked rows. */
  async activateJobs(req: ActivationRequest): Promise<ActivatedJob[]> {
    const rows = await this.jobs.activate(this.activationPool, req.type, req.worker, req.timeoutMs, req.max, this.clock.now());
    return rows.map(({ job, doc }) => {
      let variables: JsonObject = doc ? visibleVariables(doc, job.elementInstanceKey) : {};
      if (req.fetchVariables.length > 0) {
        const picked: JsonObject = {};
        for (const name of req.fetchVariables) if (name in variables) picked[name] = variables[name];
        variables = picked;
      }
      return {
        key: job.key,
        type: job.type,
        processInstanceKey: job.processInstanceKey,
        bpmnProcessId: job.bpmnProcessId,
        processDefinitionVersion: job.version,
        processDefinitionKey: job.processDefinitionKey,
        elementId: job.elementId,
        elementInstanceKey: job.elementInstanceKey,
        customHeaders: JSON.stringify(job.customHeaders),
        worker: job.worker,
        retries: job.retries,
        deadline: String(job.deadline ?? 0),
        variables: JSON.stringify(variables),
        tenantId: DEFAULT_TENANT,
      };
    });
  }

  async yieldJobs(jobs: readonly ActivatedJob[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.jobs.yieldJobs(
      this.activationPool,
      jobs.map((j) => j.key),
    );
    for (const type of new Set(jobs.map((j) => j.type))) this.events.emit('jobs', type);
  }

  // ------------------------------------------------------------ timers

  /** Pending timers due at engine time `now` (read without locks; firing re-checks under lock). */
  dueTimers(limit: number): Promise<TimerRow[]> {
    return this.timers.due(this.pool, this.clock.now(), limit);
  }

  /**
   * Fires a batch of due timers in one transaction (two round trips for the batch, as for
   * `CompleteJob`): their instances are locked in key order, then the timer rows
   * `FOR UPDATE SKIP LOCKED` that are still due, so each timer fires once even with several
   * engines on one database. Several timers of one instance fire in due order on one
   * document; a timer whose instance has ended is deleted. Timer start events fire one by one.
   */
  async fireTimers(timers: readonly TimerRow[]): Promise<void> {
    for (const t of timers) if (t.processInstanceKey === null) await this.fireStartTimer(t);
    const instanceTimers = timers.filter((t) => t.processInstanceKey !== null);
    if (instanceTimers.length === 0) return;
    const instanceKeys = [...new Set(instanceTimers.map((t) => t.processInstanceKey as string))];
    const machines = await this.withGrowingKeys(KEYS_PER_COMMAND + 64 * instanceTimers.length, (keysNeeded) =>
      withCommand(this.pool, async (tx) => {
        const [instanceRows, timerRows] = await tx.begin([
          lockSql.instances(instanceKeys),
          lockDueTimersSql(
            instanceTimers.map((t) => t.key),
            this.clock.now(),
          ),
        ]);
        const instances = new Map(instanceRows.map((r) => [(r as InstanceDbRow).key, toInstance(r as InstanceDbRow)]));
        const defs = new Map<string, DeployedProcess>();
        for (const row of instances.values()) if (row.state === 'ACTIVE') defs.set(row.key, await this.definitionOf(row, tx.db));
        const locked = timerRows.map(toTimer);
        while (!this.keys.hasAvailable(keysNeeded)) await this.keys.reserve(keysNeeded, tx.db);
        // From here to the commit message nothing awaits: the reserved keys stay this batch's.
        const now = this.clock.now();
        const byInstance = new Map<string, InstanceMachine>();
        const voided: string[] = [];
        for (const timer of locked) {
          const row = instances.get(timer.processInstanceKey ?? '');
          const def = row ? defs.get(row.key) : undefined;
          if (!row || !def) {
            voided.push(timer.key); // the instance has ended: its timers are void
            continue;
          }
          let machine = byInstance.get(row.key);
          if (!machine) {
            machine = new InstanceMachine(def, row, this.machineEnv(now));
            byInstance.set(row.key, machine);
          }
          if (machine.row.state !== 'ACTIVE') voided.push(timer.key);
          else machine.fireTimer(timer);
        }
        const changes = [...byInstance.values()].map((m) => m.collect());
        if (voided.length > 0) changes.push({ ...EMPTY_CHANGES, timerDeletes: voided });
        await tx.commit(changes);
        return [...byInstance.values()];
      }),
    );
    for (const m of machines) this.afterCommit(m.row, m.effects);
  }

  /** A timer start event: creates an instance at that start event, then schedules the next cycle. */
  private async fireStartTimer(timer: TimerRow): Promise<void> {
    const machine = await inTransaction(this.pool, async (db) => {
      // Serialised with deployments (taken before the timer row, in the order deploy takes
      // them): a new version deleting this definition's start timers never misses the next cycle.
      await this.definitions.lockDeployments(db);
      const r = await db.query<QueryResultRow>(lockDueTimerSql(timer.key, this.clock.now()));
      const locked = r.rows[0] ? toTimer(r.rows[0]) : undefined;
      if (!locked || locked.processInstanceKey !== null) return undefined;
      const def = await this.resolveProcess({ processDefinitionKey: locked.processDefinitionKey });
      while (!this.keys.hasAvailable(KEYS_PER_COMMAND)) await this.keys.reserve(KEYS_PER_COMMAND, db);
      const now = this.clock.now();
      const row = newInstanceRow(def, this.keys.take(), now, {});
      const m = new InstanceMachine(def, row, this.machineEnv(now));
      m.start({}, [locked.elementId]);
      const changes = m.collect();
      changes.timerDeletes = [...(changes.timerDeletes ?? []), locked.key];
      const parsed = storedTimer(locked.timer);
      const next = parsed ? nextCycleDueDate(parsed, locked.due, now, locked.fired + 1) : undefined;
      if (parsed && next !== undefined) {
        changes.timerInserts = [
          ...(changes.timerInserts ?? []),
          {
            key: this.keys.take(),
            pik: null,
            eik: null,
            pdk: locked.processDefinitionKey,
            bpid: locked.bpmnProcessId,
            eid: locked.elementId,
            due: next,
            fired: locked.fired + 1,
            timer: locked.timer,
            at: now,
          },
        ];
      }
      await db.query('SELECT engine.apply_changes($1::jsonb)', [JSON.stringify(changes)]);
      return m;
    });
    if (machine) this.afterCommit(machine.row, machine.effects);
  }

  // ------------------------------------------------------------ messages

  /**
   * PublishMessage: stores the message (buffered for `ttlMs` of engine time) and answers; the
   * correlator then correlates it to open subscriptions. A message id is unique per message
   * name among buffered messages (Zeebe: ALREADY_EXISTS). Publishes arriving together are
   * stored by one transaction (like creations), each caller answered after its commit.
   */
  publishMessage(req: PublishRequest): Promise<string> {
    return new Promise<string>((resolve, reject) => this.publishes.add({ req, resolve, reject }));
  }

  private readonly publishes = new CommandBatches<PendingPublish>(
    (batch) => this.runPublishes(batch),
    MAX_COMMAND_BATCH,
    MAX_COMMAND_BATCHES_IN_FLIGHT,
  );

  /**
   * One transaction for a batch of publishes: the message ids' advisory locks in a fixed order
   * (concurrent batches cannot deadlock), one read of the ids still buffered, one insert.
   * A duplicate id — buffered already, or earlier in the same batch — is rejected on its own.
   */
  private async runPublishes(batch: PendingPublish[]): Promise<void> {
    const now = this.clock.now();
    const outcome = new Map<PendingPublish, string | Error>();
    if (batch.every((b) => b.req.messageId === '')) {
      // No message ids to check: one autocommit insert (keys reserved first, outside it).
      while (!this.keys.hasAvailable(batch.length)) await this.keys.reserve(batch.length);
      const rows = batch.map((item) => ({ ...item.req, key: this.keys.take() }));
      await this.messages.insertMany(this.pool, rows, now);
      this.events.emit('correlate');
      batch.forEach((item, i) => item.resolve(rows[i].key));
      return;
    }
    await inTransaction(this.pool, async (db) => {
      const withId = batch.filter((b) => b.req.messageId !== '');
      const taken = new Set<string>();
      if (withId.length > 0) {
        const names = withId.map((b) => b.req.name);
        const ids = withId.map((b) => b.req.messageId);
        await this.messages.lockMessageIds(db, names, ids);
        for (const used of await this.messages.idsInUse(db, names, ids, now)) taken.add(`${used.name}\u0000${used.messageId}`);
      }
      while (!this.keys.hasAvailable(batch.length)) await this.keys.reserve(batch.length, db);
      const rows: Array<PublishRequest & { key: string }> = [];
      for (const item of batch) {
        const id = `${item.req.name}\u0000${item.req.messageId}`;
        if (item.req.messageId !== '' && taken.has(id)) {
          outcome.set(
            item,
            new CommandRejectedError(
              'PUBLISH',
              'ALREADY_EXISTS',
              `Expected to publish a new message with id '${item.req.messageId}', but a message with that id was already published`,
            ),
          );
          continue;
        }
        if (item.req.messageId !== '') taken.add(id);
        const key = this.keys.take();
        rows.push({ ...item.req, key });
        outcome.set(item, key);
      }
      await this.messages.insertMany(db, rows, now);
    });
    this.events.emit('correlate');
    for (const item of batch) {
      const result = outcome.get(item);
      if (typeof result === 'string') item.resolve(result);
      else item.reject(result);
    }
  }

  /** Candidate correlations (read without locks; each is re-checked under lock by `correlateBatch`). */
  pendingCorrelations(limit: number): Promise<PendingCorrelation[]> {
    return this.messages.pending(this.pool, this.clock.now(), limit);
  }

  purgeExpiredMessages(): Promise<void> {
    return this.messages.purgeExpired(this.pool, this.clock.now(), MESSAGE_PURGE_GRACE_MS);
  }

  /**
   * Correlates a batch of (message, subscription) pairs of process instances in one
   * transaction: instances locked in key order, then the subscription rows, the messages and
   * their existing correlations read in the same round trip; each pair is then checked and
   * applied on its own (a message correlates at most once per process, as in Zeebe). Pairs of
   * message start events go one by one. Returns how many correlated.
   */
  async correlateBatch(pending: readonly PendingCorrelation[]): Promise<number> {
    let correlated = 0;
    for (const p of pending) if (p.processInstanceKey === null && (await this.correlateStart(p))) correlated += 1;
    const forInstances = pending.filter((p) => p.processInstanceKey !== null);
    if (forInstances.length === 0) return correlated;
    const instanceKeys = [...new Set(forInstances.map((p) => p.processInstanceKey as string))];
    const messageKeys = [...new Set(forInstances.map((p) => p.messageKey))];
    const result = await this.withGrowingKeys(KEYS_PER_COMMAND + 64 * forInstances.length, (keysNeeded) =>
      withCommand(this.pool, async (tx) => {
        const [instanceRows, subRows, messageRows, correlationRows] = await tx.begin([
          lockSql.instances(instanceKeys),
          lockSubscriptionsSql(forInstances.map((p) => p.subscriptionKey)),
          messagesSql(messageKeys),
          correlationsSql(messageKeys, [...new Set(forInstances.map((p) => correlationTarget(p.bpmnProcessId)))]),
        ]);
        const instances = new Map(instanceRows.map((r) => [(r as InstanceDbRow).key, toInstance(r as InstanceDbRow)]));
        const subs = new Map(subRows.map((r) => [r.key as string, toSubscription(r)]));
        const messages = new Map(messageRows.map((r) => [r.key as string, toStoredMessage(r)]));
        const done = new Set(correlationRows.map((r) => `${r.message_key as string}:${r.target as string}`));
        const defs = new Map<string, DeployedProcess>();
        for (const row of instances.values()) if (row.state === 'ACTIVE') defs.set(row.key, await this.definitionOf(row, tx.db));
        while (!this.keys.hasAvailable(keysNeeded)) await this.keys.reserve(keysNeeded, tx.db);
        // From here to the commit message nothing awaits: the reserved keys stay this batch's.
        const now = this.clock.now();
        const byInstance = new Map<string, InstanceMachine>();
        let count = 0;
        for (const p of forInstances) {
          const row = instances.get(p.processInstanceKey ?? '');
          const def = row ? defs.get(row.key) : undefined;
          const sub = subs.get(p.subscriptionKey);
          const message = messages.get(p.messageKey);
          const target = row ? correlationTarget(row.bpmnProcessId) : '';
          if (!row || !def || !sub || !message || done.has(`${message.key}:${target}`)) continue;
          let machine = byInstance.get(row.key);
          if (!machine) {
            machine = new InstanceMachine(def, row, this.machineEnv(now));
            byInstance.set(row.key, machine);
          }
          if (machine.row.state !== 'ACTIVE') continue;
          if (machine.correlateMessage(sub, message.key, message.variables)) {
            done.add(`${message.key}:${target}`);
            count += 1;
          }
        }
        const all = [...byInstance.values()];
        await tx.commit(all.map((m) => m.collect()));
        return { machines: all, count };
      }),
    );
    for (const m of result.machines) this.afterCommit(m.row, m.effects);
    return correlated + result.count;
  }

  /** A message start event: a new instance, unless one created for the same correlation key is active. */
  private async correlateStart(pending: PendingCorrelation): Promise<boolean> {
    const machine = await inTransaction(this.pool, async (db) => {
      await this.definitions.lockDeployments(db);
      const r = await db.query<QueryResultRow>(lockSubscriptionSql(pending.subscriptionKey));
      const sub = r.rows[0] ? toSubscription(r.rows[0]) : undefined;
      if (!sub || sub.processInstanceKey !== null) return undefined;
      const target = correlationTarget(sub.bpmnProcessId);
      if (await this.messages.correlated(db, pending.messageKey, target)) return undefined;
      const message = await this.messages.find(db, pending.messageKey);
      if (!message) return undefined;
      if (message.correlationKey !== '' && (await this.messages.startInstanceActive(db, sub.bpmnProcessId, message.correlationKey))) {
        return undefined;
      }
      const def = await this.resolveProcess({ processDefinitionKey: sub.processDefinitionKey });
      while (!this.keys.hasAvailable(KEYS_PER_COMMAND)) await this.keys.reserve(KEYS_PER_COMMAND, db);
      const now = this.clock.now();
      const row = newInstanceRow(def, this.keys.take(), now, {});
      const m = new InstanceMachine(def, row, this.machineEnv(now));
      m.start({ ...message.variables }, [sub.elementId]);
      const changes = m.collect();
      changes.correlationInserts = [...(changes.correlationInserts ?? []), { mk: message.key, target, sk: sub.key, pik: row.key, at: now }];
      await db.query('SELECT engine.apply_changes($1::jsonb)', [JSON.stringify(changes)]);
      if (message.correlationKey !== '' && m.row.state === 'ACTIVE') {
        await this.messages.recordStartInstance(db, sub.bpmnProcessId, message.correlationKey, row.key);
      }
      return m;
    });
    if (machine) this.afterCommit(machine.row, machine.effects);
    return machine !== undefined;
  }

  // ------------------------------------------------------------ signals

  /**
   * BroadcastSignal: triggers every signal subscription open now (signals are not buffered),
   * each in its own transaction (instance lock, then the subscription row), then answers.
   */
  async broadcastSignal(name: string, variables: JsonObject): Promise<string> {
    const key = await this.keys.next();
    const subs = await this.signals.byName(this.pool, name);
    for (const sub of subs) {
      if (sub.processInstanceKey === null) await this.signalStart(sub, variables);
      else await this.signalInstance(sub, sub.processInstanceKey, variables);
    }
    return key;
  }

  private async signalInstance(sub: SignalSubscriptionRow, processInstanceKey: string, variables: JsonObject): Promise<void> {
    const gone = new Error('gone');
    try {
      await this.onInstance(
        lockSql.instance(processInstanceKey),
        () => gone,
        (_row, _db, extra) => {
          const locked = extra[0] ? toSignalSubscription(extra[0]) : undefined;
          return Promise.resolve(locked ? (machine: InstanceMachine) => void machine.triggerSignal(locked, variables) : undefined);
        },
        lockSignalSql(sub.key),
      );
    } catch (err) {
      if (err !== gone) throw err;
    }
  }

  private async signalStart(sub: SignalSubscriptionRow, variables: JsonObject): Promise<void> {
    const machine = await inTransaction(this.pool, async (db) => {
      await this.definitions.lockDeployments(db);
      const r = await db.query<QueryResultRow>(lockSignalSql(sub.key));
      if (!r.rows[0]) return undefined;
      const def = await this.resolveProcess({ processDefinitionKey: sub.processDefinitionKey });
      while (!this.keys.hasAvailable(KEYS_PER_COMMAND)) await this.keys.reserve(KEYS_PER_COMMAND, db);
      const now = this.clock.now();
      const row = newInstanceRow(def, this.keys.take(), now, {});
      const m = new InstanceMachine(def, row, this.machineEnv(now));
      m.start({ ...variables }, [sub.elementId]);
      await db.query('SELECT engine.apply_changes($1::jsonb)', [JSON.stringify(m.collect())]);
      return m;
    });
    if (machine) this.afterCommit(machine.row, machine.effects);
  }

  // ------------------------------------------------------------ call activities

  /** Pending call requests (child starts, call activity completions, child cancellations), oldest first. */
  async pendingCalls(limit: number): Promise<CallRequestRow[]> {
    const r = await this.pool.query<CallRequestRow>(
      `SELECT key::text AS key, kind, process_instance_key::text AS pik, element_instance_key::text AS eik, payload
       FROM engine.call_request ORDER BY key LIMIT $1`,
      [limit],
    );
    return r.rows;
  }

  /** Processes one call request in its own transaction (parent instance locked first); false if another engine took it. */
  async processCall(req: CallRequestRow): Promise<boolean> {
    if (req.kind === 'CANCEL') return this.cancelChildren(req);
    const gone = new Error('gone');
    let done = false;
    let child: InstanceMachine | undefined;
    try {
      await this.onInstance(
        lockSql.instance(req.pik),
        () => gone,
        async (parent, db, extra) => {
          if (extra.length === 0) return undefined; // processed elsewhere
          done = true;
          if (req.kind === 'COMPLETE') {
            return (machine: InstanceMachine) => machine.completeCallActivity(req.eik, req.payload.variables ?? {});
          }
          const processId = req.payload.processId ?? '';
          const latest = await this.definitions.latestProcess(db, processId);
          const def = latest ? this.cache(latest) : undefined;
          if (!def || !def.model.noneStartEventId) {
            return (machine: InstanceMachine) => machine.calledElementMissing(req.eik, processId);
          }
          // The call activity must still wait for its child (the parent may have moved on).
          const waiting = parent.doc.elements[req.eik];
          if (!waiting || waiting.state !== 'ACTIVATED' || waiting.incident) return undefined;
          while (!this.keys.hasAvailable(KEYS_PER_COMMAND)) await this.keys.reserve(KEYS_PER_COMMAND, db);
          const now = this.clock.now();
          const variables = req.payload.variables ?? {};
          const row = newInstanceRow(def, this.keys.take(), now, variables, { pik: req.pik, eik: req.eik });
          child = new InstanceMachine(def, row, this.machineEnv(now));
          child.start({ ...variables });
          await db.query('SELECT engine.apply_changes($1::jsonb)', [JSON.stringify(child.collect())]);
          return undefined;
        },
        `DELETE FROM engine.call_request WHERE key = ${keyOf(req.key)} RETURNING key`,
      );
    } catch (err) {
      if (err !== gone) throw err;
      await this.pool.query('DELETE FROM engine.call_request WHERE key = $1', [req.key]);
      return true;
    }
    if (child) this.afterCommit(child.row, child.effects);
    return done;
  }

  /** The call activity was terminated: cancel its child instances (each in its own transaction). */
  private async cancelChildren(req: CallRequestRow): Promise<boolean> {
    const children = await this.pool.query<{ key: string }>(
      "SELECT key::text AS key FROM engine.process_instance WHERE parent_element_instance_key = $1 AND state = 'ACTIVE'",
      [req.eik],
    );
    for (const c of children.rows) {
      try {
        await this.cancelInstance(c.key);
      } catch (err) {
        if (!(err instanceof CommandRejectedError)) throw err;
      }
    }
    const r = await this.pool.query('DELETE FROM engine.call_request WHERE key = $1', [req.key]);
    return (r.rowCount ?? 0) > 0;
  }

  // ------------------------------------------------------------ decisions

  /** EvaluateDecision: the latest version of `decisionId`, or the decision with `decisionKey`. */
  async evaluateDecision(req: { decisionKey?: string; decisionId?: string; variables: JsonObject }): Promise<DecisionEvaluation> {
    const byKey = req.decisionKey && req.decisionKey !== '0' ? req.decisionKey : undefined;
    let decision: DeployedDecision | undefined;
    if (byKey) {
      decision = await this.decisionRepo.decisionByKey(this.pool, byKey);
      if (!decision)
        throw new CommandRejectedError(
          'EVALUATE',
          'NOT_FOUND',
          `Expected to evaluate decision with key '${byKey}', but no decision found for key '${byKey}'`,
        );
    } else if (req.decisionId) {
      decision = this.latestDecisions.get(req.decisionId);
      if (!decision)
        throw new CommandRejectedError(
          'EVALUATE',
          'NOT_FOUND',
          `Expected to evaluate decision '${req.decisionId}', but no decision found for id '${req.decisionId}'`,
        );
    } else {
      throw new CommandRejectedError(
        'EVALUATE',
        'INVALID_ARGUMENT',
        'Expected either a decision id or a valid decision key, but none provided',
      );
    }
    const drg = await this.decisionRepo.decisionsOf(this.pool, decision.decisionRequirementsKey);
    const decisionInstanceKey = await this.keys.next();
    const r = evaluateDecision(decision.decisions, decision.decisionId, req.variables);
    const evaluatedDecisions = r.evaluatedDecisions.map((e) => {
      const deployed = drg.find((d) => d.decisionId === e.decisionId);
      return { ...e, decisionKey: deployed?.key ?? '0', decisionVersion: deployed?.version ?? 0 };
    });
    return r.ok
      ? { decision, ok: true, output: r.result, evaluatedDecisions, failedDecisionId: '', failureMessage: '', decisionInstanceKey }
      : {
          decision,
          ok: false,
          output: null,
          evaluatedDecisions,
          failedDecisionId: r.decisionId,
          failureMessage: r.failureMessage,
          decisionInstanceKey,
        };
  }

  async health(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  // ------------------------------------------------------------ plumbing

  private machineEnv(now: number) {
    return {
      now,
      nextKey: () => this.keys.take(),
      formKey: (formId: string) => this.formKeys.get(formId),
      decision: (decisionId: string) => this.latestDecisions.get(decisionId),
    };
  }

  private async onJob(
    intent: string,
    verb: string,
    jobKey: string,
    validStates: readonly string[],
    prepare: (job: JobRow, db: Queryable) => Promise<MachineStep | undefined>,
  ): Promise<void> {
    const notFound = () =>
      new CommandRejectedError(intent, 'NOT_FOUND', `Expected to ${verb} job with key '${jobKey}', but no such job was found`);
    await this.onInstance(
      lockSql.instanceOfJob(jobKey),
      notFound,
      async (_row, db, jobRows) => {
        // Read after the instance lock: every writer of this job's state (except activation) holds that lock.
        const job = jobRows[0] ? toJob(jobRows[0] as JobDbRow) : undefined;
        if (!job || job.state === 'COMPLETED' || job.state === 'CANCELED') throw notFound();
        if (!validStates.includes(job.state)) {
          throw new CommandRejectedError(
            intent,
            'INVALID_STATE',
            `Expected to ${verb} job with key '${jobKey}', but it is in state '${job.state}'`,
          );
        }
        return prepare(job, db);
      },
      lockSql.job(jobKey),
    );
  }

  /**
   * Runs one command on a process instance: locks its row (with `extraSql` read after the
   * lock in the same round trip), prepares, runs the state machine and commits its changes.
   */
  private async onInstance(
    lock: string,
    notFound: () => Error,
    prepare: (row: InstanceRow, db: Queryable, extra: QueryResultRow[]) => Promise<MachineStep | undefined>,
    extraSql?: string,
  ): Promise<void> {
    const outcome = await this.withGrowingKeys(KEYS_PER_COMMAND, (keysNeeded) =>
      withCommand(this.pool, async (tx) => {
        const [rows, extra] = await tx.begin(extraSql ? [lock, extraSql] : [lock]);
        const row = rows[0] ? toInstance(rows[0] as InstanceDbRow) : undefined;
        if (!row || row.state !== 'ACTIVE') throw notFound();
        const def = await this.definitionOf(row, tx.db);
        const step = await prepare(row, tx.db, extra ?? []);
        if (!step) {
          await tx.commit(undefined);
          return undefined;
        }
        while (!this.keys.hasAvailable(keysNeeded)) await this.keys.reserve(keysNeeded, tx.db);
        // No await between here and collect(): the reserved keys cannot be taken by another command.
        const machine = new InstanceMachine(def, row, this.machineEnv(this.clock.now()));
        step(machine);
        await tx.commit(machine.collect());
        return machine;
      }),
    );
    if (outcome) this.afterCommit(outcome.row, outcome.effects);
  }

  /**
   * Runs a command with a key reservation that grows fourfold while its state machine runs
   * out of keys (a multi-instance body over many items). Each attempt is a fresh transaction
   * that re-reads its rows, so a failed attempt leaves nothing behind but unused keys.
   */
  private async withGrowingKeys<T>(base: number, attempt: (keysNeeded: number) => Promise<T>): Promise<T> {
    for (let keysNeeded = base; ; keysNeeded *= 4) {
      try {
        return await attempt(keysNeeded);
      } catch (err) {
        if (!(err instanceof KeysExhaustedError) || keysNeeded >= MAX_KEYS_PER_COMMAND) throw err;
      }
    }
  }

  /** An instance of this definition ending may let a buffered message start the next one. */
  private hasMessageStart(processDefinitionKey: string): boolean {
    const model = this.processCache.get(processDefinitionKey)?.model;
    return model !== undefined && model.children.some((id) => model.elements[id]?.event?.kind === 'message');
  }

  private afterCommit(row: InstanceRow, effects: MachineEffects): void {
    for (const type of effects.jobTypes) this.events.emit('jobs', type);
    if (effects.ended) this.events.emit('ended', row);
    if (effects.callsRequested) this.events.emit('correlate');
    if (effects.subscriptionsOpened || (effects.ended && this.hasMessageStart(row.processDefinitionKey))) this.events.emit('correlate');
  }
}

export interface CallRequestRow {
  key: string;
  kind: 'START' | 'COMPLETE' | 'CANCEL';
  pik: string;
  eik: string;
  payload: { processId?: string; variables?: JsonObject };
}

/** The row of a process instance about to start; its machine fills the document. */
function newInstanceRow(
  def: DeployedProcess,
  key: string,
  now: number,
  variables: JsonObject,
  parent?: { pik: string; eik: string },
): InstanceRow {
  return {
    key,
    processDefinitionKey: def.key,
    bpmnProcessId: def.bpmnProcessId,
    version: def.version,
    state: 'ACTIVE',
    startedAt: now,
    endedAt: null,
    variables,
    doc: parent ? { elements: {}, parent } : { elements: {} },
  };
}

function keyOf(key: string): string {
  if (!/^\d{1,19}$/.test(key)) throw new Error(`invalid key '${key}'`);
  return key;
}

function decisionMetadata(d: DeployedDecision): DeployedResource {
  return {
    kind: 'decision',
    decisionId: d.decisionId,
    name: d.name,
    version: d.version,
    decisionKey: d.key,
    decisionRequirementsId: d.decisionRequirementsId,
    decisionRequirementsKey: d.decisionRequirementsKey,
  };
}

function requirementsMetadata(r: {
  key: string;
  decisionRequirementsId: string;
  name: string;
  version: number;
  resourceName: string;
}): DeployedResource {
  return {
    kind: 'decisionRequirements',
    decisionRequirementsId: r.decisionRequirementsId,
    name: r.name,
    version: r.version,
    decisionRequirementsKey: r.key,
    resourceName: r.resourceName,
  };
}
