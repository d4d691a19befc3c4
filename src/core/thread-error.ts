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

/**
 * The HandflowError a thread's error was there; one that had no code gets `fallback`, or, without one, stays a
 * plain Error (a fault, not a refusal).
 */
export function fromThreadError({ message, code }: ThreadError, fallback: HandflowErrorCode): HandflowError;
export function fromThreadError({ message, code }: ThreadError, fallback?: HandflowErrorCode): Error;
export function fromThreadError({ message, code }: ThreadError, fallback?: HandflowErrorCode): Error {
  const chosen = (code as HandflowErrorCode | undefined) ?? fallback;
  return chosen === undefined ? new Error(message) : new HandflowError(chosen, message);
}
