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
    removeMembership: (userId: string, membershipId: string) => api.delete<User>(`/users/${id(userId)}/memberships/${id(membershipId)}`),
  };
}

export type Endpoints = ReturnType<typeof endpoints>;
