import { LoginThrottle } from './login-throttle';

const MINUTE = 60_000;

function throttle(maxFailures = 5, windowMs = 5 * MINUTE, maxKeys?: number): { throttle: LoginThrottle; advance: (ms: number) => void } {
  let now = 1_000_000;
  return {
    throttle: new LoginThrottle({ maxFailures, windowMs, now: () => now, ...(maxKeys === undefined ? {} : { maxKeys }) }),
    advance: (ms) => {
      now += ms;
    },
  };
}

describe(LoginThrottle.name, () => {
  it('lets a key try while it has fewer failures than the limit', () => {
    const { throttle: t } = throttle();
    for (let i = 0; i < 4; i += 1) t.recordFailure('wang');
    expect(t.retryAfterSeconds('wang')).toBe(0);
  });

  it('makes a key wait for the rest of the window once it reaches the limit', () => {
    const { throttle: t, advance } = throttle();
    for (let i = 0; i < 5; i += 1) t.recordFailure('wang');
    advance(MINUTE);
    expect(t.retryAfterSeconds('wang')).toBe(4 * 60);
  });

  it('lets the key try again when its oldest failure leaves the window', () => {
    const { throttle: t, advance } = throttle();
    t.recordFailure('wang');
    advance(MINUTE);
    for (let i = 0; i < 4; i += 1) t.recordFailure('wang');
    advance(4 * MINUTE);
    expect(t.retryAfterSeconds('wang')).toBe(0);
  });

  it('counts keys separately', () => {
    const { throttle: t } = throttle(1);
    t.recordFailure('wang');
    expect(t.retryAfterSeconds('wang')).toBeGreaterThan(0);
    expect(t.retryAfterSeconds('li')).toBe(0);
  });

  it('forgets failures after a reset', () => {
    const { throttle: t } = throttle(2);
    t.recordFailure('wang');
    t.recordFailure('wang');
    t.reset('wang');
    expect(t.retryAfterSeconds('wang')).toBe(0);
  });

  it('asks for at least one second while blocked', () => {
    const { throttle: t, advance } = throttle(1, 1000);
    t.recordFailure('wang');
    advance(999);
    expect(t.retryAfterSeconds('wang')).toBe(1);
  });

  it('forgets the stalest key when it holds more keys than allowed', () => {
    const { throttle: t } = throttle(1, MINUTE, 2);
    t.recordFailure('a');
    t.recordFailure('b');
    t.recordFailure('c');
    expect(t.retryAfterSeconds('a')).toBe(0);
    expect(t.retryAfterSeconds('c')).toBeGreaterThan(0);
  });

  it('refuses a limit below one failure', () => {
    expect(() => new LoginThrottle({ maxFailures: 0, windowMs: MINUTE })).toThrow(RangeError);
  });
});
