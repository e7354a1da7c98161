/** Typed calls, one per server endpoint the web app uses. */
import type { ApiClient } from './client';
import type {
  CandidateObjection,
  CandidateSlate,
  LodgeObjectionRequest,
  AnalyticsBreaches,
  AnalyticsByOrgUnit,
  AnalyticsDurations,
  AnalyticsFilters,
  AnalyticsHistogram,
  AnalyticsLevel,
  AnalyticsSlowInstance,
  AnalyticsTarget,
  AnalyticsTrend,
  CreateOrgUnitRequest,
  CreateUserRequest,
  DeploymentResource,
  DeploymentResult,
  FormDefinitionVersion,
  FormDefinitionVersionDetail,
  InstanceDetail,
  InstancePage,
  ListInstancesQuery,
  ProcessDefinitionVersion,
  ProcessDefinitionVersionDetail,
  ListUsersQuery,
  LoginRequest,
  LoginResponse,
  Me,
  MembershipInput,
  OrgUnit,
  OrgUnitDetail,
  Procedure,
  StartedInstance,
  Task,
  TaskDetail,
  TaskHistory,
  TaskPage,
  ListTasksQuery,
  UpdateUserRequest,
  User,
  UserPage,
} from './types';

const id = encodeURIComponent;
const analytics = (processId: string): string => `/analytics/processes/${id(processId)}`;

export function endpoints(api: ApiClient) {
  return {
    login: (body: LoginRequest) => api.post<LoginResponse>('/auth/login', body),
    me: (signal?: AbortSignal) => api.get<Me>('/me', signal ? { signal } : {}),
    orgUnits: (signal?: AbortSignal) => api.get<OrgUnit[]>('/org-units', signal ? { signal } : {}),
    orgUnit: (unitId: string, signal?: AbortSignal) => api.get<OrgUnitDetail>(`/org-units/${id(unitId)}`, signal ? { signal } : {}),
    createOrgUnit: (body: CreateOrgUnitRequest) => api.post<OrgUnitDetail>('/org-units', body),
    users: (query: ListUsersQuery, signal?: AbortSignal) =>
      api.get<UserPage>('/users', { query: { ...query }, ...(signal ? { signal } : {}) }),
    createUser: (body: CreateUserRequest) => api.post<User>('/users', body),
    updateUser: (userId: string, body: UpdateUserRequest) => api.patch<User>(`/users/${id(userId)}`, body),
    addMembership: (userId: string, body: MembershipInput) => api.post<User>(`/users/${id(userId)}/memberships`, body),
    tasks: (query: ListTasksQuery, signal?: AbortSignal) =>
      api.get<TaskPage>('/tasks', { query: { ...query }, ...(signal ? { signal } : {}) }),
    task: (taskId: string, signal?: AbortSignal) => api.get<TaskDetail>(`/tasks/${id(taskId)}`, signal ? { signal } : {}),
    taskHistory: (taskId: string, signal?: AbortSignal) => api.get<TaskHistory>(`/tasks/${id(taskId)}/history`, signal ? { signal } : {}),
    claimTask: (taskId: string) => api.post<Task>(`/tasks/${id(taskId)}/claim`),
    unclaimTask: (taskId: string) => api.post<Task>(`/tasks/${id(taskId)}/unclaim`),
    saveDraft: (taskId: string, data: Record<string, unknown>) =>
      api.request<{ savedAt: string }>('PUT', `/tasks/${id(taskId)}/draft`, { body: { data } }),
    completeTask: (taskId: string, data: Record<string, unknown>) => api.post<Task>(`/tasks/${id(taskId)}/complete`, { data }),
    processes: (signal?: AbortSignal) => api.get<Procedure[]>('/processes', signal ? { signal } : {}),
    startProcess: (bpmnProcessId: string, data: Record<string, unknown>, orgUnitId?: string) =>
      api.post<StartedInstance>(`/processes/${id(bpmnProcessId)}/instances`, orgUnitId ? { data, orgUnitId } : { data }),
    removeMembership: (userId: string, membershipId: string) => api.delete<User>(`/users/${id(userId)}/memberships/${id(membershipId)}`),
    analyticsDurations: (processId: string, filters: AnalyticsFilters, signal?: AbortSignal) =>
      api.get<AnalyticsDurations>(`${analytics(processId)}/durations`, { query: { ...filters }, ...(signal ? { signal } : {}) }),
    analyticsTrend: (processId: string, filters: AnalyticsFilters, signal?: AbortSignal) =>
      api.get<AnalyticsTrend>(`${analytics(processId)}/trend`, { query: { ...filters, bucket: 'month' }, ...(signal ? { signal } : {}) }),
    analyticsByOrgUnit: (processId: string, filters: AnalyticsFilters, level: AnalyticsLevel, signal?: AbortSignal) =>
      api.get<AnalyticsByOrgUnit>(`${analytics(processId)}/by-org-unit`, { query: { ...filters, level }, ...(signal ? { signal } : {}) }),
    analyticsBreaches: (processId: string, filters: AnalyticsFilters, signal?: AbortSignal) =>
      api.get<AnalyticsBreaches>(`${analytics(processId)}/breaches`, { query: { ...filters }, ...(signal ? { signal } : {}) }),
    analyticsTargets: (processId: string, signal?: AbortSignal) =>
      api.get<AnalyticsTarget[]>(`${analytics(processId)}/targets`, signal ? { signal } : {}),
    setAnalyticsTarget: (processId: string, elementId: string, targetMs: number) =>
      api.request<AnalyticsTarget>('PUT', `${analytics(processId)}/targets/${id(elementId)}`, { body: { targetMs } }),
    analyticsHistogram: (processId: string, filters: AnalyticsFilters, elementId?: string, signal?: AbortSignal) =>
      api.get<AnalyticsHistogram>(`${analytics(processId)}/histogram`, { query: { ...filters, elementId }, ...(signal ? { signal } : {}) }),
    analyticsSlowest: (processId: string, filters: AnalyticsFilters, elementId?: string, signal?: AbortSignal) =>
      api.get<AnalyticsSlowInstance[]>(`${analytics(processId)}/slowest`, {
        query: { ...filters, elementId, limit: 10 },
        ...(signal ? { signal } : {}),
      }),
    processDefinitions: (bpmnProcessId?: string, signal?: AbortSignal) =>
      api.get<ProcessDefinitionVersion[]>('/process-definitions', { query: { bpmnProcessId }, ...(signal ? { signal } : {}) }),
    processDefinition: (processDefinitionKey: string, signal?: AbortSignal) =>
      api.get<ProcessDefinitionVersionDetail>(`/process-definitions/${id(processDefinitionKey)}`, signal ? { signal } : {}),
    formDefinitions: (formId?: string, signal?: AbortSignal) =>
      api.get<FormDefinitionVersion[]>('/form-definitions', { query: { formId }, ...(signal ? { signal } : {}) }),
    formDefinition: (formKey: string, signal?: AbortSignal) =>
      api.get<FormDefinitionVersionDetail>(`/form-definitions/${id(formKey)}`, signal ? { signal } : {}),
    deploy: (resources: readonly DeploymentResource[]) => api.post<DeploymentResult>('/deployments', { resources }),
    processInstances: (query: ListInstancesQuery, signal?: AbortSignal) =>
      api.get<InstancePage>('/process-instances', { query: { ...query }, ...(signal ? { signal } : {}) }),
    processInstance: (key: string, signal?: AbortSignal) =>
      api.get<InstanceDetail>(`/process-instances/${id(key)}`, signal ? { signal } : {}),
    cancelInstance: (key: string) => api.post<void>(`/process-instances/${id(key)}/cancel`),
    setInstanceVariables: (key: string, variables: Record<string, unknown>) =>
      api.request<void>('PUT', `/process-instances/${id(key)}/variables`, { body: { variables } }),
    resolveIncident: (incidentKey: string, retries?: number) =>
      api.post<void>(`/incidents/${id(incidentKey)}/resolve`, retries === undefined ? {} : { retries }),
    candidateSlates: (signal?: AbortSignal) => api.get<CandidateSlate[]>('/candidate-objections/slates', signal ? { signal } : {}),
    lodgeObjection: (body: LodgeObjectionRequest) => api.post<CandidateObjection>('/candidate-objections', body),
  };
}

export type Endpoints = ReturnType<typeof endpoints>;
