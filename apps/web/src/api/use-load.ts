/** Loads data for a component: loading / ready / failed, aborted on unmount or when deps change. */
import { useCallback, useEffect, useState, type DependencyList } from 'react';
import { ApiError } from './client';

export type Loaded<T> =
  | { readonly status: 'loading'; readonly data?: T }
  | { readonly status: 'ready'; readonly data: T }
  | { readonly status: 'failed'; readonly error: ApiError; readonly data?: T };

export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): Loaded<T> & { readonly reload: () => void } {
  const [state, setState] = useState<Loaded<T>>({ status: 'loading' });
  const [version, setVersion] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    // Keep showing the previous data while reloading, so tables do not flash empty.
    setState((previous) => ({ status: 'loading', ...(previous.data === undefined ? {} : { data: previous.data }) }));
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: 'ready', data });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState((previous) => ({
          status: 'failed',
          error: error instanceof ApiError ? error : new ApiError(0, 'UNKNOWN', '加载失败，请稍后重试'),
          ...(previous.data === undefined ? {} : { data: previous.data }),
        }));
      },
    );
    return () => controller.abort();
    // The caller lists what `load` depends on in `deps`.
  }, [...deps, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { ...state, reload };
}
