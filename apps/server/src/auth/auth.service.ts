/**
 * Sign-in and the signed-in user's view of themselves. Wrong username and wrong password
 * are indistinguishable: same error, and argon2 runs in both cases (against a dummy hash
 * when the user does not exist) so the answer takes the same time. Failed attempts are
 * throttled per username and per client address.
 */
import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { candidateGroupsOf } from '@rp/domain';
import { AppError, ErrorCode } from '../common/app-error';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { toMembershipDto } from '../users/membership-view';
import { PasswordHasher } from '../users/password-hasher';
import { UsersRepository } from '../users/users.repository';
import type { MeDto, TokenDto } from './dtos/auth.dto';
import { LoginThrottle } from './login-throttle';
import type { Principal } from './principal';

export interface LoginThrottles {
  readonly byUsername: LoginThrottle;
  readonly byAddress: LoginThrottle;
}

export const LOGIN_THROTTLES = Symbol('LOGIN_THROTTLES');

/** 5 failures per username and 20 per address within 5 minutes. */
export function defaultLoginThrottles(now: () => number = Date.now): LoginThrottles {
  const windowMs = 5 * 60_000;
  return {
    byUsername: new LoginThrottle({ maxFailures: 5, windowMs, now }),
    byAddress: new LoginThrottle({ maxFailures: 20, windowMs, now }),
  };
}

export const INVALID_CREDENTIALS_MESSAGE = '用户名或密码错误';

/** The claims of an access token. */
export interface AccessTokenClaims {
  readonly sub: string;
}

@Injectable()
export class AuthService {
  /** A hash of a random password with the real parameters, verified when the user is unknown. */
  private readonly dummyHash: Promise<string>;

  constructor(
    private readonly users: UsersRepository,
    private readonly passwords: PasswordHasher,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGIN_THROTTLES) private readonly throttles: LoginThrottles,
  ) {
    this.dummyHash = passwords.hash(randomBytes(24).toString('base64url'));
  }

  async login(usernameInput: string, password: string, address: string): Promise<TokenDto> {
    const username = usernameInput.trim().toLowerCase();
    const addressKey = address || 'unknown';
    const retryAfterSeconds = Math.max(
      this.throttles.byUsername.retryAfterSeconds(username),
      this.throttles.byAddress.retryAfterSeconds(addressKey),
    );
    if (retryAfterSeconds > 0) {
      throw new AppError(ErrorCode.TooManyRequests, `登录失败次数过多，请 ${retryAfterSeconds} 秒后再试`, { retryAfterSeconds });
    }

    const user = await this.users.findByUsername(username);
    const passwordMatches = await this.passwords.verify(user?.passwordHash ?? (await this.dummyHash), password);
    if (!user || !user.active || !passwordMatches) {
      this.throttles.byUsername.recordFailure(username);
      this.throttles.byAddress.recordFailure(addressKey);
      throw new AppError(ErrorCode.InvalidCredentials, INVALID_CREDENTIALS_MESSAGE);
    }

    this.throttles.byUsername.reset(username);
    const claims: AccessTokenClaims = { sub: user.id };
    return {
      accessToken: await this.jwt.signAsync(claims, { expiresIn: this.config.jwtTtlSeconds }),
      expiresIn: this.config.jwtTtlSeconds,
      tokenType: 'Bearer',
    };
  }

  async me(principal: Principal): Promise<MeDto> {
    const [user, memberships] = await Promise.all([this.users.findById(principal.userId), this.users.membershipsOf([principal.userId])]);
    if (!user) throw new AppError(ErrorCode.Unauthenticated, '请先登录');
    return {
      user: { id: user.id, username: user.username, displayName: user.displayName },
      memberships: memberships.map(toMembershipDto),
      candidateGroups: candidateGroupsOf(memberships),
    };
  }
}
