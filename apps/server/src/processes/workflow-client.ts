/** The server's `WorkflowClient` (libs/workflow's port) over @camunda8/sdk's ZeebeGrpcClient. */
import type { ZeebeGrpcClient } from '@camunda8/sdk/dist/zeebe';
import type { DeployResourceRequest, DeployResourceResponse, WorkflowClient } from '@rp/workflow';

/** The SDK types variables as its own JSON type; ours are validated plain JSON objects. */
type JsonVariables = Parameters<ZeebeGrpcClient['completeJob']>[0]['variables'];

export function workflowClientOf(zeebe: ZeebeGrpcClient): WorkflowClient {
  return {
    activateJobs: async (request) => await zeebe.activateJobs({ ...request, fetchVariable: request.fetchVariable }),
    completeJob: (request) => zeebe.completeJob({ jobKey: request.jobKey, variables: request.variables as JsonVariables }),
    failJob: (request) => zeebe.failJob(request),
    throwError: (request) => zeebe.throwError(request),
    deployResource: async (request: DeployResourceRequest): Promise<DeployResourceResponse> => {
      const response =
        'process' in request
          ? await zeebe.deployResource({ name: request.name, process: request.process })
          : 'form' in request
            ? await zeebe.deployResource({ name: request.name, form: request.form })
            : await zeebe.deployResource({ name: request.name, decision: request.decision });
      return response;
    },
  };
}
