/**
 * Zeebe's gateway protocol (`gateway_protocol.Gateway`) over gRPC: maps requests to engine
 * commands and engine errors to Zeebe's status codes and messages. RPCs not listed in the
 * implementation answer UNIMPLEMENTED (grpc-js' default handler).
 */
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { join } from 'node:path';
import type { ResourceInput } from '../model/types';
import { type ActivatedJob, DEFAULT_TENANT, type DeployResult, type EngineService } from '../runtime/engine-service';
import { CommandRejectedError, InvalidRequestError, type RejectionCode, RequestTimeoutError } from '../runtime/errors';
import type { JobDispatcher } from '../runtime/job-dispatcher';
import type { InstanceRow, JsonObject } from '../runtime/types';

export const GATEWAY_VERSION = '8.8.0';
/** Zeebe's default long-polling timeout when a request sets requestTimeout = 0. */
const DEFAULT_LONG_POLL_MS = 10_000;
const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

export interface GatewayLogger {
  warn(o: object, msg?: string): void;
  error(o: object, msg?: string): void;
}

const STATUS: Record<RejectionCode, grpc.status> = {
  NOT_FOUND: grpc.status.NOT_FOUND,
  INVALID_ARGUMENT: grpc.status.INVALID_ARGUMENT,
  INVALID_STATE: grpc.status.FAILED_PRECONDITION,
  ALREADY_EXISTS: grpc.status.ALREADY_EXISTS,
  EXCEEDED_BATCH_RECORD_SIZE: grpc.status.RESOURCE_EXHAUSTED,
};

type Req = Record<string, unknown>;
type Unary = (call: grpc.ServerUnaryCall<Req, unknown>, callback: grpc.sendUnaryData<unknown>) => void;
type ServerStream = (call: grpc.ServerWritableStream<Req, unknown>) => void;

function loadService(): grpc.ServiceDefinition {
  const definition = protoLoader.loadSync(join(__dirname, 'zeebe.proto'), {
    keepCase: true,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  const pkg = grpc.loadPackageDefinition(definition) as unknown as {
    gateway_protocol: { Gateway: grpc.ServiceClientConstructor };
  };
  return pkg.gateway_protocol.Gateway.service;
}

function str(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  return '';
}

function num(v: unknown): number {
  const n = Number(v ?? 0);
  return Number.isFinite(n) ? n : 0;
}

/** Zeebe accepts variables as a JSON object document; empty means none. */
export function parseVariables(raw: unknown, property = 'variables'): JsonObject {
  const text = str(raw).trim();
  if (text === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new InvalidRequestError(
      `Property '${property}' is invalid: Expected document to be valid JSON, but it was not: ${(err as Error).message}`,
    );
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const kind = Array.isArray(value)
      ? 'ARRAY'
      : value === null
        ? 'NIL'
        : typeof value === 'string'
          ? 'STRING'
          : typeof value === 'number'
            ? 'NUMBER'
            : 'BOOLEAN';
    throw new InvalidRequestError(`Property '${property}' is invalid: Expected document to be a root level object, but was '${kind}'`);
  }
  return value as JsonObject;
}

function toServiceError(err: unknown, logger: GatewayLogger): Partial<grpc.StatusObject> {
  if (err instanceof CommandRejectedError) return { code: STATUS[err.code], details: err.message };
  if (err instanceof InvalidRequestError) return { code: grpc.status.INVALID_ARGUMENT, details: err.message };
  if (err instanceof RequestTimeoutError) return { code: grpc.status.DEADLINE_EXCEEDED, details: err.message };
  if (err instanceof Error && err.name === 'DeploymentRejectedError') {
    const details = err.message.startsWith('Command ')
      ? err.message
      : `Command 'CREATE' rejected with code 'INVALID_ARGUMENT': ${err.message}`;
    return { code: grpc.status.INVALID_ARGUMENT, details };
  }
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (code === 'ECONNREFUSED' || code === '57P01' || code === '57P03' || code === '08006')) {
    return { code: grpc.status.UNAVAILABLE, details: 'The engine cannot reach its database' };
  }
  logger.error({ err }, 'gateway: unexpected error');
  return { code: grpc.status.INTERNAL, details: err instanceof Error ? err.message : String(err) };
}

export interface GatewayOptions {
  engine: EngineService;
  dispatcher: JobDispatcher;
  logger: GatewayLogger;
  host: string;
  advertisedPort: () => number;
}

export function createGatewayServer(opts: GatewayOptions): grpc.Server {
  const { engine, dispatcher, logger } = opts;
  const server = new grpc.Server({ 'grpc.keepalive_permit_without_calls': 1, 'grpc.http2.min_ping_interval_without_data_ms': 1000 });
  const resultWaiters = new Map<string, (row: InstanceRow) => void>();
  engine.events.on('ended', (row) => resultWaiters.get(row.key)?.(row));

  // Clients such as @camunda8/sdk gzip every request by default; on one host that costs more
  // CPU than it saves. Advertising identity makes grpc-js clients stop compressing after the
  // first response on a channel (the server still accepts compressed messages).
  const identityOnly = new grpc.Metadata();
  identityOnly.set('grpc-accept-encoding', 'identity');

  const unary =
    (handler: (req: Req) => Promise<unknown>): Unary =>
    (call, callback) => {
      call.sendMetadata(identityOnly);
      handler(call.request).then(
        (res) => callback(null, res),
        (err: unknown) => callback(toServiceError(err, logger)),
      );
    };

  const deploymentResponse = (result: DeployResult) => ({
    key: result.key,
    tenantId: DEFAULT_TENANT,
    deployments: result.deployments.map((d) =>
      d.kind === 'process'
        ? {
            process: {
              bpmnProcessId: d.bpmnProcessId,
              version: d.version,
              processDefinitionKey: d.processDefinitionKey,
              resourceName: d.resourceName,
              tenantId: DEFAULT_TENANT,
            },
          }
        : d.kind === 'form'
          ? { form: { formId: d.formId, version: d.version, formKey: d.formKey, resourceName: d.resourceName, tenantId: DEFAULT_TENANT } }
          : d.kind === 'decision'
            ? {
                decision: {
                  dmnDecisionId: d.decisionId,
                  dmnDecisionName: d.name,
                  version: d.version,
                  decisionKey: d.decisionKey,
                  dmnDecisionRequirementsId: d.decisionRequirementsId,
                  decisionRequirementsKey: d.decisionRequirementsKey,
                  tenantId: DEFAULT_TENANT,
                },
              }
            : {
                decisionRequirements: {
                  dmnDecisionRequirementsId: d.decisionRequirementsId,
                  dmnDecisionRequirementsName: d.name,
                  version: d.version,
                  decisionRequirementsKey: d.decisionRequirementsKey,
                  resourceName: d.resourceName,
                  tenantId: DEFAULT_TENANT,
                },
              },
    ),
  });

  const resources = (list: unknown, nameField: string, contentField: string): ResourceInput[] => {
    const items = Array.isArray(list) ? (list as Req[]) : [];
    if (items.length === 0) throw new InvalidRequestError('Expected to deploy at least one resource, but none given');
    return items.map((r) => ({
      name: str(r[nameField]),
      content: (() => {
        const content = r[contentField];
        return Buffer.isBuffer(content) ? content : Buffer.from(str(content));
      })(),
    }));
  };

  const createRequest = (req: Req) => {
    const instructions = Array.isArray(req.startInstructions) ? (req.startInstructions as Req[]) : [];
    const version = num(req.version);
    return {
      processDefinitionKey: str(req.processDefinitionKey),
      bpmnProcessId: str(req.bpmnProcessId),
      version: version > 0 ? version : -1,
      variables: parseVariables(req.variables),
      startElementIds: instructions.map((i) => str(i.elementId)).filter((id) => id !== ''),
    };
  };

  const activationRequest = (req: Req, max: number) => {
    const type = str(req.type);
    if (type === '') throw new InvalidRequestError("Expected to activate jobs of a non-empty 'type', but it was empty");
    const timeoutMs = num(req.timeout);
    if (timeoutMs < 1) throw new InvalidRequestError(`Expected to activate jobs with 'timeout' greater than 0, but was ${timeoutMs}`);
    return {
      type,
      worker: str(req.worker) || 'default',
      timeoutMs,
      max,
      fetchVariables: Array.isArray(req.fetchVariable) ? (req.fetchVariable as unknown[]).map(str) : [],
    };
  };

  const jobMessage = (j: ActivatedJob) => j;

  const activateJobs: ServerStream = (call) => {
    call.sendMetadata(identityOnly);
    let request: ReturnType<typeof activationRequest>;
    try {
      const max = num(call.request.maxJobsToActivate);
      if (max < 1) throw new InvalidRequestError(`Expected to activate jobs with 'maxJobsToActivate' greater than 0, but was ${max}`);
      request = activationRequest(call.request, max);
    } catch (err) {
      call.emit('error', toServiceError(err, logger));
      return;
    }
    const requestTimeout = num(call.request.requestTimeout);
    if (requestTimeout < 0) {
      engine.activateJobs(request).then(
        (jobs) => {
          if (jobs.length > 0) call.write({ jobs: jobs.map(jobMessage) });
          call.end();
        },
        (err: unknown) => call.emit('error', toServiceError(err, logger)),
      );
      return;
    }
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      remove();
    };
    const remove = dispatcher.addPoll({
      kind: 'poll',
      request,
      deliver: (jobs) => {
        finish();
        call.write({ jobs: jobs.map(jobMessage) });
        call.end();
      },
    });
    const timer = setTimeout(
      () => {
        finish();
        call.end();
      },
      requestTimeout === 0 ? DEFAULT_LONG_POLL_MS : requestTimeout,
    );
    call.on('cancelled', finish);
  };

  const streamActivatedJobs: ServerStream = (call) => {
    call.sendMetadata(identityOnly);
    let request: ReturnType<typeof activationRequest>;
    try {
      request = activationRequest(call.request, 1);
    } catch (err) {
      call.emit('error', toServiceError(err, logger));
      return;
    }
    const remove = dispatcher.addStream({
      kind: 'stream',
      request,
      deliver: (jobs) => {
        for (const job of jobs) call.write(jobMessage(job));
      },
    });
    call.on('cancelled', remove);
    call.on('close', remove);
  };

  const implementation: Record<string, Unary | ServerStream> = {
    Topology: unary(() =>
      Promise.resolve({
        brokers: [
          {
            nodeId: 0,
            host: opts.host,
            port: opts.advertisedPort(),
            partitions: [{ partitionId: 1, role: 'LEADER', health: 'HEALTHY' }],
            version: GATEWAY_VERSION,
          },
        ],
        clusterSize: 1,
        partitionsCount: 1,
        replicationFactor: 1,
        gatewayVersion: GATEWAY_VERSION,
      }),
    ),

    DeployResource: unary(async (req) => deploymentResponse(await engine.deploy(resources(req.resources, 'name', 'content')))),

    DeployProcess: unary(async (req) => {
      const result = await engine.deploy(resources(req.processes, 'name', 'definition'));
      return {
        key: result.key,
        processes: result.deployments.flatMap((d) =>
          d.kind === 'process'
            ? [
                {
                  bpmnProcessId: d.bpmnProcessId,
                  version: d.version,
                  processDefinitionKey: d.processDefinitionKey,
                  resourceName: d.resourceName,
                  tenantId: DEFAULT_TENANT,
                },
              ]
            : [],
        ),
      };
    }),

    CreateProcessInstance: unary(async (req) => {
      const created = await engine.createInstance(createRequest(req));
      return {
        processDefinitionKey: created.processDefinitionKey,
        bpmnProcessId: created.bpmnProcessId,
        version: created.version,
        processInstanceKey: created.processInstanceKey,
        tenantId: DEFAULT_TENANT,
      };
    }),

    CreateProcessInstanceWithResult: unary(async (req) => {
      const inner = (req.request ?? {}) as Req;
      const timeoutMs = num(req.requestTimeout) > 0 ? num(req.requestTimeout) : DEFAULT_REQUEST_TIMEOUT_MS;
      const fetch = Array.isArray(req.fetchVariables) ? (req.fetchVariables as unknown[]).map(str) : [];
      const created = await engine.createInstance(createRequest(inner));
      const ended =
        created.ended ??
        (await new Promise<InstanceRow>((resolve, reject) => {
          const timer = setTimeout(() => {
            resultWaiters.delete(created.processInstanceKey);
            reject(new RequestTimeoutError(`Time out between gateway and broker: Request timed out after PT${timeoutMs / 1000}S`));
          }, timeoutMs);
          resultWaiters.set(created.processInstanceKey, (row) => {
            clearTimeout(timer);
            resultWaiters.delete(created.processInstanceKey);
            resolve(row);
          });
        }));
      if (ended.state !== 'COMPLETED') {
        throw new CommandRejectedError(
          'CREATE_WITH_AWAITING_RESULT',
          'NOT_FOUND',
          `Expected to complete process instance with key '${created.processInstanceKey}', but it was terminated`,
        );
      }
      let variables = ended.variables;
      if (fetch.length > 0) {
        variables = {};
        for (const name of fetch) if (name in ended.variables) variables[name] = ended.variables[name];
      }
      return {
        processDefinitionKey: created.processDefinitionKey,
        bpmnProcessId: created.bpmnProcessId,
        version: created.version,
        processInstanceKey: created.processInstanceKey,
        variables: JSON.stringify(variables),
        tenantId: DEFAULT_TENANT,
      };
    }),

    CancelProcessInstance: unary(async (req) => {
      await engine.cancelInstance(str(req.processInstanceKey));
      return {};
    }),

    ActivateJobs: activateJobs,
    StreamActivatedJobs: streamActivatedJobs,

    CompleteJob: unary(async (req) => {
      await engine.completeJob(str(req.jobKey), parseVariables(req.variables));
      return {};
    }),

    FailJob: unary(async (req) => {
      await engine.failJob(str(req.jobKey), num(req.retries), str(req.errorMessage), num(req.retryBackOff), parseVariables(req.variables));
      return {};
    }),

    ThrowError: unary(async (req) => {
      const code = str(req.errorCode);
      if (code === '') throw new InvalidRequestError("Expected to throw an error with a non-empty 'errorCode', but it was empty");
      await engine.throwError(str(req.jobKey), code, str(req.errorMessage), parseVariables(req.variables));
      return {};
    }),

    UpdateJobRetries: unary(async (req) => {
      await engine.updateJobRetries(str(req.jobKey), num(req.retries));
      return {};
    }),

    UpdateJobTimeout: unary(async (req) => {
      await engine.updateJobTimeout(str(req.jobKey), num(req.timeout));
      return {};
    }),

    SetVariables: unary(async (req) => {
      const key = await engine.setVariables(str(req.elementInstanceKey), parseVariables(req.variables), req.local === true);
      return { key };
    }),

    PublishMessage: unary(async (req) => {
      const name = str(req.name);
      if (name === '') throw new InvalidRequestError("Expected to publish a message with a non-empty 'name', but it was empty");
      const key = await engine.publishMessage({
        name,
        correlationKey: str(req.correlationKey),
        ttlMs: Math.max(0, num(req.timeToLive)),
        messageId: str(req.messageId),
        variables: parseVariables(req.variables),
      });
      return { key, tenantId: DEFAULT_TENANT };
    }),

    BroadcastSignal: unary(async (req) => {
      const name = str(req.signalName);
      if (name === '') throw new InvalidRequestError("Expected to broadcast a signal with a non-empty 'signalName', but it was empty");
      const key = await engine.broadcastSignal(name, parseVariables(req.variables));
      return { key, tenantId: DEFAULT_TENANT };
    }),

    EvaluateDecision: unary(async (req) => {
      const r = await engine.evaluateDecision({
        decisionKey: str(req.decisionKey),
        decisionId: str(req.decisionId),
        variables: parseVariables(req.variables),
      });
      return {
        decisionKey: r.decision.key,
        decisionId: r.decision.decisionId,
        decisionName: r.decision.name,
        decisionVersion: r.decision.version,
        decisionRequirementsId: r.decision.decisionRequirementsId,
        decisionRequirementsKey: r.decision.decisionRequirementsKey,
        decisionOutput: r.ok ? JSON.stringify(r.output ?? null) : '',
        evaluatedDecisions: r.evaluatedDecisions.map((e) => ({
          decisionKey: e.decisionKey,
          decisionId: e.decisionId,
          decisionName: e.decisionName,
          decisionVersion: e.decisionVersion,
          decisionType: e.decisionType,
          decisionOutput: JSON.stringify(e.output ?? null),
          matchedRules: e.matchedRules.map((m) => ({
            ruleId: m.ruleId,
            ruleIndex: m.ruleIndex,
            evaluatedOutputs: m.outputs.map((o) => ({
              outputId: o.outputId,
              outputName: o.outputName,
              outputValue: JSON.stringify(o.outputValue ?? null),
            })),
          })),
          evaluatedInputs: e.inputs.map((i) => ({
            inputId: i.inputId,
            inputName: i.inputName,
            inputValue: JSON.stringify(i.inputValue ?? null),
          })),
          tenantId: DEFAULT_TENANT,
        })),
        failedDecisionId: r.failedDecisionId,
        failureMessage: r.failureMessage,
        tenantId: DEFAULT_TENANT,
        decisionInstanceKey: r.decisionInstanceKey,
      };
    }),

    ResolveIncident: unary(async (req) => {
      await engine.resolveIncident(str(req.incidentKey));
      return {};
    }),
  };

  server.addService(loadService(), implementation);
  return server;
}
