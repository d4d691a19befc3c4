import { z } from 'zod';

import { ApiError } from '../errors.js';
import type { ClientMessage } from './protocol.js';

const sessionId = z.string().min(1).max(100);

const clientMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('subscribe'), sessionId, preview: z.boolean().optional() }),
  z.strictObject({ type: z.literal('unsubscribe'), sessionId }),
]);

/** Reads a client's text message. @throws ApiError INVALID_JSON or INVALID_REQUEST saying what to send. */
export function parseClientMessage(text: string): ClientMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError('INVALID_JSON', 'a text message must be JSON: {"type":"subscribe","sessionId":"..."} or {"type":"unsubscribe","sessionId":"..."}');
  }
  const parsed = clientMessageSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'message'}: ${issue.message}`).join('; ');
    throw new ApiError('INVALID_REQUEST', `the message was not understood (${problems}): send {"type":"subscribe","sessionId":"...","preview":false} or {"type":"unsubscribe","sessionId":"..."}`);
  }
  return parsed.data;
}
