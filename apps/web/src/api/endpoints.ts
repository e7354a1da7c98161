/** Typed calls, one per server endpoint the web app uses. */
import type { ApiClient } from './client';
import type {
  CreateOrgUnitRequest,
  CreateUserRequest,
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
  };
}

export type Endpoints = ReturnType<typeof endpoints>;
