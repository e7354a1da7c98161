// libs/workflow: the server's side of Zeebe's gateway protocol — deploy-on-boot of processes
// and forms, one resource at a time, and typed job workers whose handlers must return an
// explicit outcome (complete, fail, BPMN error, or keep for user tasks completed later).
export type {
  ActivateJobsRequest,
  DeployedForm,
  DeployedProcess,
  DeployResourceRequest,
  DeployResourceResponse,
  RawActivatedJob,
  WorkflowClient,
} from './client';
export { JobOutcomes } from './outcome';
export type { JobOutcome } from './outcome';
export { JobWorker, applyOutcome, toActivatedJob } from './job-worker';
export type { ActivatedJob, JobHandler, JobWorkerOptions } from './job-worker';
export { deployResources, listResources } from './deploy';
export type { DeployOptions, DeployOutcome, ResourceFile, ResourceKind } from './deploy';
export { WorkflowModule, JobWorkers, WORKFLOW_CLIENT } from './workflow.module';
