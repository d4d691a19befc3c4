import { Writable } from 'node:stream';

import type { Logger } from 'pino';

import { createLogger, type LogLevel } from '../orchestrator/logger.js';

/** A real logger (JSON lines, as a server writes them) whose output a test reads back. */
export function capturedLog(level: LogLevel = 'info'): { readonly logger: Logger; text(): string } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger(level, destination), text: () => chunks.join('') };
}
