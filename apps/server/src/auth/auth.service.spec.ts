import { JwtService } from '@nestjs/jwt';
import { AppError, ErrorCode } from '../common/app-error';
import type { AppConfig } from '../config/app-config';
import { PasswordHasher } from '../users/password-hasher';
import type { UserEntity } from '../users/user.entity';
import type { UsersRepository } from '../users/users.repository';
import { AuthService, defaultLoginThrottles, INVALID_CREDENTIALS_MESSAGE } from './auth.service';

describe(AuthService.name, () => {
  const hasher = new PasswordHasher();
  let user: UserEntity;
  beforeAll(async () => {
    user = {
      id: '7b0c2a8e-1d8e-4f5e-9a43-2f1c5d7e9b10',
      username: 'wang',
      displayName: '王',
      passwordHash: await hasher.hash('right-password'),
      active: true,
      createdAt: new Date(),
      updatedAt: new Date(),
    };
  });

  function service(now = () => 0): { auth: AuthService; verify: jest.SpyInstance } {
    const users = { findByUsername: async (name: string) => (name === user.username ? user : null) } as unknown as UsersRepository;
    const verify = jest.spyOn(hasher, 'verify');
    verify.mockClear();
    const auth = new AuthService(
      users,
      hasher,
      new JwtService({ secret: 'x'.repeat(32) }),
      { jwtTtlSeconds: 60 } as AppConfig,
      defaultLoginThrottles(now),
    );
    return { auth, verify };
  }

  const failure = async (work: Promise<unknown>): Promise<AppError> => {
    const error: unknown = await work.then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
    return error;
  };

  it('verifies an argon2id hash even when the username does not exist', async () => {
    const { auth, verify } = service();
    const error = await failure(auth.login('nobody', 'whatever', '10.0.0.1'));
    expect(error.code).toBe(ErrorCode.InvalidCredentials);
    expect(verify).toHaveBeenCalledTimes(1);
    expect(verify.mock.calls[0]?.[0]).toMatch(/^\$argon2id\$/);
  });

  it('verifies the stored hash for an existing user and fails with the same error', async () => {
    const { auth, verify } = service();
    const error = await failure(auth.login('wang', 'wrong-password', '10.0.0.1'));
    expect(verify).toHaveBeenCalledWith(user.passwordHash, 'wrong-password');
    expect(error).toEqual(expect.objectContaining({ code: ErrorCode.InvalidCredentials, message: INVALID_CREDENTIALS_MESSAGE }));
  });

  it('still verifies, and still fails alike, for a deactivated user with the right password', async () => {
    const { auth, verify } = service();
    user.active = false;
    try {
      const error = await failure(auth.login('wang', 'right-password', '10.0.0.1'));
      expect(error.message).toBe(INVALID_CREDENTIALS_MESSAGE);
      expect(verify).toHaveBeenCalledTimes(1);
    } finally {
      user.active = true;
    }
  });

  it('does not run argon2 for a throttled attempt, and tells when to retry', async () => {
    const { auth, verify } = service(() => 1_000);
    for (let i = 0; i < 5; i += 1) await failure(auth.login('wang', 'wrong', `10.0.0.${i}`));
    verify.mockClear();
    const error = await failure(auth.login('wang', 'right-password', '10.0.1.1'));
    expect(error.code).toBe(ErrorCode.TooManyRequests);
    expect(error.details.retryAfterSeconds).toBe(300);
    expect(verify).not.toHaveBeenCalled();
  });

  it('signs a token whose subject is the user', async () => {
    const { auth } = service();
    const token = await auth.login('WANG', 'right-password', '10.0.0.1');
    const claims = new JwtService({ secret: 'x'.repeat(32) }).verify<{ sub: string; exp: number; iat: number }>(token.accessToken);
    expect(claims.sub).toBe(user.id);
    expect(claims.exp - claims.iat).toBe(60);
  });
});
