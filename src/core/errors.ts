/**
 * The closed set of error codes handflow raises. Each says what went wrong in terms a user can act on;
 * the message carries the specifics (which file, which setting) and what to do.
 */
export type HandflowErrorCode =
  | 'INPUT_NOT_FOUND'
  | 'FILE_NOT_ALLOWED' // a file outside the folders a server or worker may read
  | 'STREAM_HOST_NOT_ALLOWED' // a network stream from a host the server or worker may not connect to
  | 'INPUT_UNREADABLE'
  | 'DECODE_FAILED'
  | 'FFMPEG_NOT_FOUND'
  | 'SOURCE_UNAVAILABLE'
  | 'STREAM_REFUSED' // a stream met a rule it will meet again (a certificate, a redirect, an ffmpeg too old): no reconnecting
  | 'MODEL_LOAD_FAILED'
  | 'MODEL_CONVERSION_FAILED'
  | 'INVALID_OPTION' // a setting, key name, URL or value is not accepted
  | 'PROJECT_NOT_FOUND'
  | 'PROJECT_EXISTS' // a new project's name is taken
  | 'PROJECT_READ_ONLY' // built-in projects cannot be changed
  | 'PROJECT_IN_USE' // a project cannot be changed while a session starts or runs with it
  | 'UNSUPPORTED_PLATFORM' // this operating system has no implementation of a system action
  | 'TOOL_NOT_FOUND' // the program that does the job (pactl, notify-send, ...) is not installed
  | 'SERVICE_UNAVAILABLE' // the tool is there but the sound server, X display or notification daemon is not
  | 'TOOL_FAILED' // the tool ran and reported an error
  | 'TIMEOUT' // a tool or server did not finish in time
  | 'WEBHOOK_FAILED' // the webhook could not be reached after every retry
  | 'WEBHOOK_HOST_NOT_ALLOWED' // a webhook action to a host the server or worker may not connect to
  | 'CANNOT_LISTEN' // the server's address or port cannot be bound (taken, not this machine's, privileged)
  | 'CANNOT_WRITE' // a file or folder handflow keeps its data in cannot be made or written (permissions, a full or read-only disk)
  | 'GESTURE_NOT_FOUND' // no custom gesture of that name
  | 'NO_HAND_SEEN' // recording a custom gesture saw no hand, or too little of one
  | 'NOT_TRAINABLE' // there are no custom gestures to train
  | 'TOO_MANY_SAMPLES' // a custom gesture, or all of them, would have more samples than training is bounded for
  | 'CLUSTER_UNAVAILABLE'; // the NATS cluster cannot be reached, refused the credentials or lacks JetStream

export class HandflowError extends Error {
  override readonly name = 'HandflowError';
  readonly code: HandflowErrorCode;

  constructor(code: HandflowErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** The message of anything thrown, for one-line reports. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
