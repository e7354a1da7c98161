/**
 * The global guard: every route needs a valid access token unless marked `@Public()`.
 * The user is re-read on every request, so deactivation and membership changes take
 * effect at once rather than when the token expires.
 */
import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { AppError, ErrorCode } from '../common/app-error';
import { IS_PUBLIC } from '../common/public.decorator';
import { UsersRepository } from '../users/users.repository';
import type { AccessTokenClaims } from './auth.service';
import type { RequestWithPrincipal } from './principal';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly users: UsersRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<RequestWithPrincipal>();
    const token = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
    if (!token) throw new AppError(ErrorCode.Unauthenticated, '请先登录');

    let claims: Partial<AccessTokenClaims>;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(token);
    } catch {
      throw new AppError(ErrorCode.Unauthenticated, '登录已失效，请重新登录');
    }
    const userId = claims.sub;
    // User and memberships in one round trip: this runs before every authenticated request.
    const user = typeof userId === 'string' && UUID.test(userId) ? await this.users.principalOf(userId) : null;
    if (!user || !user.active) throw new AppError(ErrorCode.Unauthenticated, '登录已失效，请重新登录');

    request.principal = { userId: user.id, username: user.username, memberships: user.memberships };
    return true;
  }
}
