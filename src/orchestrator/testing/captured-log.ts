import { Writable } from 'node:stream';

import type { Logger } from 'pino';

import { createLogger, type LogLevel } from '../logger.js';

/** A real logger (JSON lines, as a server writes them) whose output a test reads back, as text or as records. */
export function capturedLog(level: LogLevel = 'info'): { readonly logger: Logger; text(): string; records(): Record<string, unknown>[] } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const text = (): string => chunks.join('');
  return {
    logger: createLogger(level, destination),
    text,
    records: () => text().split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
