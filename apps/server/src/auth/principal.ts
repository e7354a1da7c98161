/** The signed-in user as the guard loads it for every request (fresh from the database). */
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { RoleId } from '@rp/domain';

export interface PrincipalMembership {
  readonly id: string;
  readonly role: RoleId;
  readonly orgUnitId: string;
  /** Materialised path of the unit, `/anyang/wf/wf-dongda/`. */
  readonly orgUnitPath: string;
}

export interface Principal {
  readonly userId: string;
  readonly username: string;
  readonly memberships: readonly PrincipalMembership[];
}

export type RequestWithPrincipal = Request & { principal?: Principal };

/** The principal of a route behind the global JWT guard. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<RequestWithPrincipal>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a route without the JWT guard');
  return principal;
});
