import { realpath } from 'node:fs/promises';
import { join, resolve } from 'node:path';

import type { FastifyBaseLogger } from 'fastify';

import { isWithinAny } from '../../core/folder-roots.js';
import type { ServerSession } from '../sessions/server-session.js';
import type { Sessions } from '../sessions/server-session.js';
import type { StoredUpload, UploadStore } from './upload-store.js';

export interface UploadRetentionOptions {
  /** An upload no running session reads is deleted once this old. */
  readonly maxAgeMs: number;
  /** An upload is deleted when the session started on it ends and no other running session reads it. */
  readonly deleteAfterSession: boolean;
}

/** Old uploads are looked for at least this often. */
const SWEEP_INTERVAL_MS = 60_000;

/**
 * When uploads are deleted: once the session started on one ends (if `deleteAfterSession`), and in any case
 * once one is `maxAgeMs` old, never while a running session reads it (a file session on it, or a folder
 * session on a folder holding it). Old uploads are swept at start and then every minute (sooner for a
 * shorter age).
 */
export class UploadRetention {
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;

  constructor(
    private readonly store: UploadStore,
    private readonly sessions: Sessions,
    private readonly options: UploadRetentionOptions,
    private readonly logger: Pick<FastifyBaseLogger, 'warn'>,
  ) {}

  async start(): Promise<void> {
    await this.sweep();
    this.sessions.on('ended', this.sessionEnded);
    this.timer = setInterval(() => void this.sweep(), Math.min(this.options.maxAgeMs, SWEEP_INTERVAL_MS));
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.sessions.off('ended', this.sessionEnded);
  }

  /** Which uploads a running session reads, as of now. */
  async readers(): Promise<(upload: StoredUpload) => boolean> {
    const running = this.sessions.list().filter((session) => session.summary === undefined);
    const paths = await Promise.all(running.map(async (session) => (session.source.type === 'file' ? realFile(session.source.path) : undefined)));
    const read = paths.filter((path): path is string => path !== undefined);
    return (upload) => isWithinAny(join(this.store.realFolder, upload.name), read);
  }

  /** Deletes the uploads older than the age allowed that no running session reads. */
  sweep(): Promise<void> {
    this.sweeping ??= this.deleteOld()
      .catch((error: unknown) => this.logger.warn({ err: error }, 'could not delete old uploads'))
      .finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async deleteOld(): Promise<void> {
    await this.store.rescan();
    const inUse = await this.readers();
    const oldest = Date.now() - this.options.maxAgeMs;
    for (const upload of this.store.list()) {
      if (upload.created <= oldest && !inUse(upload)) await this.store.remove(upload.name);
    }
  }

  private readonly sessionEnded = (session: ServerSession): void => {
    if (!this.options.deleteAfterSession || session.source.type !== 'file') return;
    void this.deleteAfter(session.source.path).catch((error: unknown) => this.logger.warn({ err: error, session: session.id }, 'could not delete the upload of an ended session'));
  };

  private async deleteAfter(sessionPath: string): Promise<void> {
    const real = await realFile(sessionPath);
    const upload = this.store.list().find((candidate) => join(this.store.realFolder, candidate.name) === real);
    if (upload !== undefined && !(await this.readers())(upload)) await this.store.remove(upload.name);
  }
}

/** Where a session's path really leads, or undefined once it is gone. */
async function realFile(path: string): Promise<string | undefined> {
  return realpath(resolve(path)).catch(() => undefined);
}
