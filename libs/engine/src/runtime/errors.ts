/**
 * Command rejections with Zeebe's rejection types; the gateway maps them to gRPC status
 * codes and Zeebe's message format "Command 'X' rejected with code 'Y': …".
 */
export type RejectionCode = 'NOT_FOUND' | 'INVALID_ARGUMENT' | 'INVALID_STATE' | 'ALREADY_EXISTS' | 'EXCEEDED_BATCH_RECORD_SIZE';

export class CommandRejectedError extends Error {
  constructor(
    readonly intent: string,
    readonly code: RejectionCode,
    readonly reason: string,
  ) {
    super(`Command '${intent}' rejected with code '${code}': ${reason}`);
    this.name = 'CommandRejectedError';
  }
}

/** A request the gateway refuses before it becomes a command (Zeebe's gateway-side validation). */
export class InvalidRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidRequestError';
  }
}

export class RequestTimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RequestTimeoutError';
  }
}
