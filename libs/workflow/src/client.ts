/**
 * The slice of Zeebe's gateway API this library uses, as `@camunda8/sdk`'s ZeebeGrpcClient
 * offers it. Both the embedded engine and a Zeebe cluster sit behind it.
 */
export interface ActivateJobsRequest {
  readonly type: string;
  readonly worker: string;
  /** How long an activated job stays locked to this worker (ms). */
  readonly timeout: number;
  readonly maxJobsToActivate: number;
  /** Long-polling: how long the gateway may hold the request open waiting for jobs (ms). */
  readonly requestTimeout: number;
  readonly fetchVariable?: string[];
}

/** A job as the SDK hands it over: keys are int64 as strings, headers and variables parsed. */
export interface RawActivatedJob {
  readonly key: string;
  readonly type: string;
  readonly processInstanceKey: string;
  readonly bpmnProcessId: string;
  readonly processDefinitionVersion: number;
  readonly elementId: string;
  readonly elementInstanceKey: string;
  readonly customHeaders: unknown;
  readonly variables: unknown;
  readonly retries: number;
  readonly deadline: string;
  readonly worker: string;
}

export interface DeployedForm {
  readonly formId: string;
  readonly version: number;
  readonly formKey: string;
  readonly resourceName: string;
}

export interface DeployedProcess {
  readonly bpmnProcessId: string;
  readonly version: number;
  readonly processDefinitionKey: string;
  readonly resourceName: string;
}

export interface DeployResourceResponse {
  readonly key: string;
  readonly deployments: readonly { readonly process?: DeployedProcess; readonly form?: DeployedForm; readonly decision?: unknown }[];
}

export type DeployResourceRequest =
  | { readonly name: string; readonly process: Buffer }
  | { readonly name: string; readonly form: Buffer }
  | { readonly name: string; readonly decision: Buffer };

export interface WorkflowClient {
  activateJobs(request: ActivateJobsRequest): Promise<readonly RawActivatedJob[]>;
  completeJob(request: { readonly jobKey: string; variables: Record<string, unknown> }): Promise<void>;
  failJob(request: { readonly jobKey: string; retries: number; errorMessage: string; retryBackOff: number }): Promise<void>;
  throwError(request: { jobKey: string; errorCode: string; errorMessage?: string }): Promise<void>;
  deployResource(request: DeployResourceRequest): Promise<DeployResourceResponse>;
}
