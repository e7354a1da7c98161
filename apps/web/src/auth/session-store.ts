/**
 * Where the access token lives between page loads: localStorage, with its expiry, so a
 * reload keeps the official signed in until the token runs out and no longer.
 */
const KEY = 'rp.session';

export interface Session {
  readonly accessToken: string;
  /** Milliseconds since the epoch. */
  readonly expiresAt: number;
}

export function loadSession(now = Date.now()): Session | undefined {
  try {
    const raw = window.localStorage.getItem(KEY);
    if (!raw) return undefined;
    const parsed = JSON.parse(raw) as Partial<Session>;
    if (typeof parsed.accessToken !== 'string' || typeof parsed.expiresAt !== 'number' || parsed.expiresAt <= now) {
      window.localStorage.removeItem(KEY);
      return undefined;
    }
    return { accessToken: parsed.accessToken, expiresAt: parsed.expiresAt };
  } catch {
    return undefined;
  }
}

export function saveSession(accessToken: string, expiresInSeconds: number, now = Date.now()): Session {
  const session = { accessToken, expiresAt: now + expiresInSeconds * 1000 };
  try {
    window.localStorage.setItem(KEY, JSON.stringify(session));
  } catch {
    // Private mode or a full quota: the session still lives in memory for this tab.
  }
  return session;
}

export function clearSession(): void {
  try {
    window.localStorage.removeItem(KEY);
  } catch {
    // Nothing stored, nothing to clear.
  }
}
