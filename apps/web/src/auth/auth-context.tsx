/**
 * The signed-in state of the app: the token, the current user (`GET /api/me`), the API
 * client bound to both, and sign-in / sign-out. A 401 from any authenticated call clears
 * the session; the route guard then sends the user back to the login page.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ApiClient, ApiError } from '../api/client';
import { endpoints, type Endpoints } from '../api/endpoints';
import type { Me } from '../api/types';
import { clearSession, loadSession, saveSession, type Session } from './session-store';

export type SignOutReason = 'signed-out' | 'expired';

export type MeState =
  | { readonly status: 'anonymous' }
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly me: Me }
  | { readonly status: 'failed'; readonly error: ApiError };

export interface AuthContextValue {
  readonly api: Endpoints;
  readonly state: MeState;
  /** Why the last session ended, so the login page can say so. */
  readonly signOutReason: SignOutReason | undefined;
  readonly signIn: (username: string, password: string) => Promise<void>;
  readonly signOut: (reason?: SignOutReason) => void;
  readonly reloadMe: () => void;
}

const AuthContext = createContext<AuthContextValue | undefined>(undefined);

export function AuthProvider({ children }: { readonly children: ReactNode }) {
  const [session, setSession] = useState<Session | undefined>(() => loadSession());
  const [state, setState] = useState<MeState>(() => (session ? { status: 'loading' } : { status: 'anonymous' }));
  const [signOutReason, setSignOutReason] = useState<SignOutReason>();
  const [reloads, setReloads] = useState(0);
  // The client reads the token through a ref so it never holds a stale one.
  const sessionRef = useRef(session);
  sessionRef.current = session;

  const signOut = useCallback((reason: SignOutReason = 'signed-out') => {
    clearSession();
    sessionRef.current = undefined;
    setSession(undefined);
    setState({ status: 'anonymous' });
    setSignOutReason(reason);
  }, []);

  const api = useMemo(
    () =>
      endpoints(
        new ApiClient({
          getToken: () => {
            const current = sessionRef.current;
            return current && current.expiresAt > Date.now() ? current.accessToken : undefined;
          },
          onUnauthorized: () => signOut('expired'),
        }),
      ),
    [signOut],
  );

  useEffect(() => {
    if (!session) return;
    const controller = new AbortController();
    setState({ status: 'loading' });
    api.me(controller.signal).then(
      (me) => setState({ status: 'ready', me }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        if (error instanceof ApiError && error.status === 401) return; // signOut already ran
        setState({ status: 'failed', error: error instanceof ApiError ? error : new ApiError(0, 'UNKNOWN', '加载用户信息失败') });
      },
    );
    // Sign out when the token runs out while the page stays open.
    const timer = window.setTimeout(() => signOut('expired'), Math.min(session.expiresAt - Date.now(), 2 ** 31 - 1));
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [api, session, reloads, signOut]);

  const signIn = useCallback(
    async (username: string, password: string) => {
      const { accessToken, expiresIn } = await api.login({ username, password });
      const next = saveSession(accessToken, expiresIn);
      sessionRef.current = next;
      setSignOutReason(undefined);
      setSession(next);
    },
    [api],
  );

  const reloadMe = useCallback(() => setReloads((n) => n + 1), []);

  const value = useMemo<AuthContextValue>(
    () => ({ api, state, signOutReason, signIn, signOut, reloadMe }),
    [api, state, signOutReason, signIn, signOut, reloadMe],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside <AuthProvider>');
  return value;
}

/** The signed-in user; only inside routes behind <RequireAuth>. */
export function useMe(): Me {
  const { state } = useAuth();
  if (state.status !== 'ready') throw new Error('useMe outside a signed-in route');
  return state.me;
}

export function isAdmin(me: Me): boolean {
  return me.memberships.some((m) => m.role === 'admin');
}
