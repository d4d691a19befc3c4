/**
 * Why a system control failed. The message names the problem and what to do; the code lets an action
 * decide, e.g. report SERVICE_UNAVAILABLE once instead of once per frame.
 */
export type SystemErrorCode =
  | 'INVALID_OPTION' // a key name, URL or value the caller configured is not accepted
  | 'UNSUPPORTED_PLATFORM' // this operating system has no implementation
  | 'TOOL_NOT_FOUND' // the program that does the job (pactl, notify-send, ...) is not installed
  | 'SERVICE_UNAVAILABLE' // the tool is there but the sound server, X display or notification daemon is not
  | 'TOOL_FAILED' // the tool ran and reported an error
  | 'TIMEOUT' // the tool or server did not finish in time
  | 'WEBHOOK_FAILED'; // the webhook could not be reached after every retry

export class SystemError extends Error {
  override readonly name = 'SystemError';
  readonly code: SystemErrorCode;

  constructor(code: SystemErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
