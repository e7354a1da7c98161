/**
 * The server's JSON shapes as the web app reads them (see /api/docs). Written here rather
 * than imported: apps/web never imports server code; only the pure `@rp/domain` is shared.
 */
import type { OrgLevel, RoleId } from '@rp/domain';

export interface LoginRequest {
  readonly username: string;
  readonly password: string;
}

export interface LoginResponse {
  readonly accessToken: string;
  /** Lifetime of the token in seconds. */
  readonly expiresIn: number;
  readonly tokenType?: 'Bearer';
}

export interface MembershipOrgUnit {
  readonly id: string;
  readonly name: string;
  readonly level: OrgLevel;
  readonly levelName: string;
  /** Ids from the root to this unit, e.g. ['anyang', 'wf', 'wf-dongda']. */
  readonly path: readonly string[];
  /** Names along `path`, when the server sends them. */
  readonly pathNames?: readonly string[];
}

export interface Membership {
  readonly id: string;
  readonly role: RoleId;
  readonly roleName: string;
  /** `<role>:<orgUnitId>`: the group whose tasks this membership sees. */
  readonly candidateGroup: string;
  readonly orgUnit: MembershipOrgUnit;
}

export interface User {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly active: boolean;
  readonly memberships: readonly Membership[];
  /** Whether the signed-in admin may change this user. */
  readonly manageable: boolean;
}

export interface MeUser {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
}

/** `GET /api/me`: the signed-in user, their memberships and candidate groups. */
export interface Me {
  readonly user: MeUser;
  readonly memberships: readonly Membership[];
  /** `<role>:<orgUnitId>`, sorted; the groups whose tasks this user sees. */
  readonly candidateGroups: readonly string[];
}

export interface UserPage {
  readonly items: readonly User[];
  readonly total: number;
}

export interface OrgUnit {
  readonly id: string;
  readonly name: string;
  readonly level: OrgLevel;
  readonly levelName: string;
  readonly parentId: string | null;
  readonly path: readonly string[];
  readonly manageable: boolean;
}

export interface OrgUnitDetail extends OrgUnit {
  readonly ancestors: readonly OrgUnit[];
  readonly children: readonly OrgUnit[];
}

export interface MembershipInput {
  readonly orgUnitId: string;
  readonly role: RoleId;
}

export interface CreateUserRequest {
  readonly username: string;
  readonly displayName: string;
  readonly password: string;
  readonly memberships: readonly MembershipInput[];
}

export interface UpdateUserRequest {
  readonly displayName?: string;
  readonly password?: string;
  readonly active?: boolean;
}

export interface ListUsersQuery {
  readonly orgUnitId?: string;
  readonly role?: RoleId;
  readonly q?: string;
  readonly limit?: number;
  readonly offset?: number;
}

export interface CreateOrgUnitRequest {
  readonly id: string;
  readonly name: string;
  readonly level: OrgLevel;
  readonly parentId: string;
}
