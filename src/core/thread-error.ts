import { errorMessage, HandflowError, type HandflowErrorCode } from './errors.js';

/** An error as it crosses from one thread to another: its message, and its HandflowError code when it has one. */
export interface ThreadError {
  readonly message: string;
  readonly code?: string;
}

export function toThreadError(error: unknown): ThreadError {
  const code = (error as { code?: unknown } | undefined)?.code;
  return { message: errorMessage(error), ...(typeof code === 'string' ? { code } : {}) };
}

/** The HandflowError a thread's error was there; `fallback` is the code of an error that had none. */
export function fromThreadError({ message, code }: ThreadError, fallback: HandflowErrorCode): HandflowError {
  return new HandflowError((code as HandflowErrorCode | undefined) ?? fallback, message);
}
