/**
 * What a job handler decided. A handler returns one of these, so forgetting to end a job is
 * a type error rather than a job silently timing out.
 */
export type JobOutcome =
  /** CompleteJob with these variables. */
  | { readonly kind: 'complete'; readonly variables: Record<string, unknown> }
  /** FailJob: retried after `retryBackOffMs` while `retries` > 0, otherwise an incident. */
  | { readonly kind: 'fail'; readonly message: string; readonly retries: number; readonly retryBackOffMs: number }
  /** ThrowError: a BPMN error that an error boundary or event can catch. */
  | { readonly kind: 'error'; readonly errorCode: string; readonly message: string }
  /**
   * The job stays activated and someone completes it later through its key (a user task
   * waiting in the inbox) — the SDK's `job.forward()`.
   */
  | { readonly kind: 'keep' };

export const JobOutcomes = {
  complete: (variables: Record<string, unknown> = {}): JobOutcome => ({ kind: 'complete', variables }),
  fail: (message: string, retries: number, retryBackOffMs = 0): JobOutcome => ({ kind: 'fail', message, retries, retryBackOffMs }),
  error: (errorCode: string, message = ''): JobOutcome => ({ kind: 'error', errorCode, message }),
  keep: (): JobOutcome => ({ kind: 'keep' }),
} as const;
