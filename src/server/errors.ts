import { STATUS_CODES } from 'node:http';

import { HandflowError, type HandflowErrorCode } from '../core/errors.js';

/**
 * Every error the server answers with, and its HTTP status: the one place where codes are decided (as
 * Fastify's `lib/errors.js`). Clients switch on `code`; `message` says what to do.
 */
export const API_ERROR_STATUS = {
  INVALID_JSON: 400,
  INVALID_REQUEST: 400,
  UNAUTHORIZED: 401,
  ORIGIN_NOT_ALLOWED: 403,
  HOST_NOT_ALLOWED: 403,
  FILE_NOT_ALLOWED: 403,
  STREAM_HOST_NOT_ALLOWED: 403,
  WEBHOOK_HOST_NOT_ALLOWED: 403,
  NOT_FOUND: 404,
  SESSION_NOT_FOUND: 404,
  PROJECT_NOT_FOUND: 404,
  GESTURE_NOT_FOUND: 404,
  INPUT_NOT_FOUND: 404,
  UPLOAD_NOT_FOUND: 404,
  REQUEST_TIMEOUT: 408,
  PROJECT_EXISTS: 409,
  PROJECT_READ_ONLY: 409,
  UPLOAD_IN_USE: 409,
  PROJECT_IN_USE: 409,
  SESSION_IN_USE: 409,
  RECORDING_IN_PROGRESS: 409,
  BODY_TOO_LARGE: 413,
  UPLOAD_QUOTA_EXCEEDED: 413,
  TOO_MANY_SAMPLES: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  HEADERS_TOO_LARGE: 431,
  SOURCE_UNAVAILABLE: 422,
  NO_HAND_SEEN: 422,
  ACTIONS_UNAVAILABLE: 422,
  NOT_TRAINABLE: 422,
  TOO_MANY_SESSIONS: 429,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  NOT_AVAILABLE: 501,
  SHUTTING_DOWN: 503,
  CLUSTER_UNAVAILABLE: 503,
  TOO_MANY_CONNECTIONS: 503,
  CANNOT_WRITE: 507,
} as const;

export type ApiErrorCode = keyof typeof API_ERROR_STATUS;

/** The JSON body of every error response. */
export interface ApiErrorBody {
  readonly code: ApiErrorCode;
  readonly message: string;
}

/** An error a route means to answer with. Anything else thrown is converted by {@link toApiError}. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
  }

  get statusCode(): number {
    return API_ERROR_STATUS[this.code];
  }

  toJSON(): ApiErrorBody {
    return { code: this.code, message: this.message };
  }
}

const HANDFLOW_CODES: Record<HandflowErrorCode, ApiErrorCode> = {
  INPUT_NOT_FOUND: 'INPUT_NOT_FOUND',
  FILE_NOT_ALLOWED: 'FILE_NOT_ALLOWED',
  STREAM_HOST_NOT_ALLOWED: 'STREAM_HOST_NOT_ALLOWED',
  INPUT_UNREADABLE: 'SOURCE_UNAVAILABLE',
  DECODE_FAILED: 'SOURCE_UNAVAILABLE',
  SOURCE_UNAVAILABLE: 'SOURCE_UNAVAILABLE',
  STREAM_REFUSED: 'SOURCE_UNAVAILABLE',
  FFMPEG_NOT_FOUND: 'SOURCE_UNAVAILABLE',
  INVALID_OPTION: 'INVALID_REQUEST',
  PROJECT_NOT_FOUND: 'PROJECT_NOT_FOUND',
  PROJECT_EXISTS: 'PROJECT_EXISTS',
  PROJECT_READ_ONLY: 'PROJECT_READ_ONLY',
  PROJECT_IN_USE: 'PROJECT_IN_USE',
  MODEL_LOAD_FAILED: 'INTERNAL',
  MODEL_CONVERSION_FAILED: 'INTERNAL',
  // Raised by the system controls behind actions (sound server, X display, notification daemon, webhook).
  UNSUPPORTED_PLATFORM: 'ACTIONS_UNAVAILABLE',
  TOOL_NOT_FOUND: 'ACTIONS_UNAVAILABLE',
  SERVICE_UNAVAILABLE: 'ACTIONS_UNAVAILABLE',
  TOOL_FAILED: 'ACTIONS_UNAVAILABLE',
  TIMEOUT: 'ACTIONS_UNAVAILABLE',
  WEBHOOK_FAILED: 'ACTIONS_UNAVAILABLE',
  WEBHOOK_HOST_NOT_ALLOWED: 'WEBHOOK_HOST_NOT_ALLOWED',
  CANNOT_LISTEN: 'INTERNAL',
  CANNOT_WRITE: 'CANNOT_WRITE',
  GESTURE_NOT_FOUND: 'GESTURE_NOT_FOUND',
  NO_HAND_SEEN: 'NO_HAND_SEEN',
  NOT_TRAINABLE: 'NOT_TRAINABLE',
  TOO_MANY_SAMPLES: 'TOO_MANY_SAMPLES',
  CLUSTER_UNAVAILABLE: 'CLUSTER_UNAVAILABLE',
};

/** The answer to a request no route takes. */
export function noRouteError(method: string, url: string): ApiError {
  return new ApiError('NOT_FOUND', `no route ${method} ${url.split('?')[0]}: see /api/docs for the API`);
}

/** A whole HTTP response, written on the connection itself: for a request Fastify cannot answer (or never saw). */
export function rawErrorResponse(error: ApiError): string {
  const body = JSON.stringify(error.toJSON());
  return `HTTP/1.1 ${error.statusCode} ${STATUS_CODES[error.statusCode] ?? 'Error'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

/** Fastify's own errors that a client causes, by Fastify's code. */
const FASTIFY_CODES: Record<string, { code: ApiErrorCode; message: string }> = {
  // The parser says the same of JSON with keys that could reach an object's prototype.
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'INVALID_JSON', message: 'the body is not valid JSON, or has a "__proto__" key or a "constructor" key holding "prototype", which no request takes: send a JSON object without them' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'INVALID_JSON', message: 'the body is empty: send a JSON object, or no content-type header' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'BODY_TOO_LARGE', message: 'the body is too large: send less' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'unsupported content-type: send application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'INVALID_REQUEST', message: 'the content-length does not match the body' },
  FST_ERR_BAD_URL: { code: 'INVALID_REQUEST', message: 'the address is not a valid URL (a "%" must start an escape such as %20): fix the path' },
  FST_ERR_MAX_PARAM_LENGTH: { code: 'INVALID_REQUEST', message: 'a part of the path is too long: see /api/docs for the API' },
  FST_ERR_ASYNC_CONSTRAINT: { code: 'INVALID_REQUEST', message: 'the request matches no route version: see /api/docs for the API' },
  // @fastify/static refusing a path that leads out of its folder (the API docs' files, which need no token).
  FST_STATIC_FORBIDDEN_PATH: { code: 'NOT_FOUND', message: 'no such file: see /api/docs for the API' },
};

/** Errors Node's HTTP parser raises before a request exists, by their code; any other is a malformed request. */
const CLIENT_ERRORS: Record<string, { code: ApiErrorCode; message: string }> = {
  HPE_HEADER_OVERFLOW: { code: 'HEADERS_TOO_LARGE', message: 'the request headers are too large: send fewer or shorter headers (cookies included)' },
  ERR_HTTP_REQUEST_TIMEOUT: { code: 'REQUEST_TIMEOUT', message: 'the request took too long to arrive: send it again' },
};

/** An error of the connection itself (a request too malformed to parse), as the server answers it. */
export function toClientError(error: { code?: string }): ApiError {
  const known = error.code === undefined ? undefined : CLIENT_ERRORS[error.code];
  return known === undefined ? new ApiError('INVALID_REQUEST', 'the request could not be parsed as HTTP/1.1: check the request line and headers') : new ApiError(known.code, known.message);
}

/** A validation issue as Fastify reports it (zod's issue: its code as `keyword`, its fields in `params`). */
interface ValidationIssue {
  readonly keyword?: string;
  readonly instancePath?: string;
  readonly message?: string;
  readonly params?: { readonly keys?: readonly string[] };
}

/** The error, as the server answers it: what a route meant, a client's mistake Fastify caught, or an internal fault. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof HandflowError) return new ApiError(HANDFLOW_CODES[error.code], error.message);
  const fastify = error as { code?: string; validation?: ValidationIssue[]; validationContext?: string; statusCode?: number; message?: string };
  if (fastify.validation !== undefined) return new ApiError('INVALID_REQUEST', validationMessage(fastify.validationContext ?? 'body', fastify.validation));
  const known = fastify.code === undefined ? undefined : FASTIFY_CODES[fastify.code];
  if (known !== undefined) return new ApiError(known.code, known.message);
  // A JSON syntax error from the body parser arrives with status 400 and no code of its own.
  if (error instanceof SyntaxError && fastify.statusCode === 400) return new ApiError('INVALID_JSON', `the body is not valid JSON (${error.message}): send a JSON object`);
  // A plugin's refusal of the request this list does not name yet is still the client's, not the server's, fault.
  if (fastify.statusCode !== undefined && fastify.statusCode >= 400 && fastify.statusCode < 500) {
    return new ApiError('INVALID_REQUEST', 'the server cannot answer this request as sent: see /api/docs for the API');
  }
  return new ApiError('INTERNAL', 'the server failed on this request: see its log, and report it if it keeps happening');
}

/** One line naming each wrong field by its path (`body.source.type`) and what it must be. */
function validationMessage(context: string, issues: readonly ValidationIssue[]): string {
  const problems = issues.map((issue) => {
    const path = [context, ...(issue.instancePath ?? '').split('/').filter((part) => part !== '')].join('.');
    const unknown = issue.keyword === 'unrecognized_keys' ? issue.params?.keys : undefined;
    if (unknown !== undefined) return `${path} has unknown field(s) ${unknown.map((key) => `"${key}"`).join(', ')}: remove them`;
    return `${path}: ${(issue.message ?? 'invalid').replace(/^Invalid input: /, '')}`;
  });
  return `invalid request: ${problems.join('; ')}`;
}
