import { z } from 'zod';

import { ApiError } from '../errors.js';

/** The largest JPEG frame accepted: a 1080p camera frame is well under it. */
export const MAX_UPLOAD_FRAME_BYTES = 2 * 1024 * 1024;
const MAX_HEADER_BYTES = 1024;

const headerSchema = z.strictObject({ sessionId: z.string().min(1).max(100), timestampMs: z.number().min(0).max(Number.MAX_SAFE_INTEGER) });

export interface UploadFrame {
  readonly sessionId: string;
  readonly timestampMs: number;
  readonly jpeg: Buffer;
}

/** Reads a binary upload message: 2-byte little-endian header length, the JSON header, the JPEG (see protocol.ts). */
export function parseUploadFrame(message: Buffer): UploadFrame {
  const bad = (why: string) => new ApiError('INVALID_REQUEST', `a binary frame was refused: ${why}; send [2-byte little-endian header length][JSON {"sessionId","timestampMs"}][JPEG]`);
  if (message.length > MAX_UPLOAD_FRAME_BYTES) throw new ApiError('BODY_TOO_LARGE', `a frame of ${message.length} bytes is too large: send JPEGs under ${MAX_UPLOAD_FRAME_BYTES} bytes`);
  if (message.length < 2) throw bad('it is shorter than its header length');
  const headerLength = message.readUInt16LE(0);
  if (headerLength === 0 || headerLength > MAX_HEADER_BYTES || 2 + headerLength >= message.length) throw bad(`its header length ${headerLength} does not fit`);
  let header: unknown;
  try {
    header = JSON.parse(message.subarray(2, 2 + headerLength).toString('utf8'));
  } catch {
    throw bad('its header is not JSON');
  }
  const parsed = headerSchema.safeParse(header);
  if (!parsed.success) throw bad(`its header is wrong (${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'header'}: ${issue.message}`).join('; ')})`);
  return { ...parsed.data, jpeg: message.subarray(2 + headerLength) };
}
