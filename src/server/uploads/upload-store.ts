import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { chmod, mkdir, readdir, realpath, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { finished, Transform, type Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { cannotWrite } from '../../core/cannot-write.js';
import { OWN_FOLDER_ADVICE } from '../config-folder.js';
import { ApiError } from '../errors.js';

export interface UploadLimits {
  /** One upload, at most. */
  readonly maxFileBytes: number;
  /** All uploads kept at once (and those being received), at most. */
  readonly maxTotalBytes: number;
}

export interface StoredUpload {
  readonly name: string;
  /** Where a file session reads it. */
  readonly path: string;
  readonly bytes: number;
  /** Epoch ms. */
  readonly created: number;
}

/**
 * What an upload counts against the quota: its size rounded up to whole disk blocks, and at least 64 KiB, so
 * many tiny files (each an inode, a block, a line of every listing and sweep) cannot fill the disk unnoticed.
 */
export function chargedBytes(bytes: number): number {
  return Math.max(MIN_CHARGED_BYTES, Math.ceil(bytes / DISK_BLOCK_BYTES) * DISK_BLOCK_BYTES);
}

const DISK_BLOCK_BYTES = 4096;
const MIN_CHARGED_BYTES = 64 * 1024;

/** Uploads kept at once, at most, whatever their sizes: far more than anyone tidies by hand. */
export const MAX_UPLOADS = 1000;

/**
 * The upload folder and what is in it: files readable by the server's user only, within a size limit each
 * and a quota for all (in `chargedBytes`, and at most MAX_UPLOADS files). Space is reserved before a byte of a
 * body is read, so uploads running side by side cannot pass the quota together.
 */
export class UploadStore {
  private readonly stored = new Map<string, StoredUpload>();
  /** Files being received: on disk, not yet uploads. */
  private readonly receiving = new Set<string>();
  private reservedBytes = 0;

  private constructor(
    readonly folder: string,
    /** The folder as it really is (links followed), to compare with the paths sessions read. */
    readonly realFolder: string,
    private readonly limits: UploadLimits,
  ) {}

  /** Opens the folder, made private to the server's user, with the uploads an earlier run left in it (made private too). */
  static async open(folder: string, limits: UploadLimits): Promise<UploadStore> {
    try {
      await mkdir(folder, { recursive: true, mode: 0o700 });
      await chmod(folder, 0o700);
    } catch (error) {
      throw cannotWrite(error, folder, OWN_FOLDER_ADVICE);
    }
    const store = new UploadStore(folder, await realpath(folder), limits);
    await store.rescan();
    // Uploads kept by an earlier version were readable by all.
    await Promise.all(store.list().map(async (upload) => chmod(upload.path, 0o600).catch(() => undefined)));
    return store;
  }

  list(): StoredUpload[] {
    return [...this.stored.values()].sort((a, b) => a.created - b.created);
  }

  get(name: string): StoredUpload | undefined {
    return this.stored.get(name);
  }

  usedBytes(): number {
    let sum = 0;
    for (const upload of this.stored.values()) sum += chargedBytes(upload.bytes);
    return sum;
  }

  /**
   * Stores `body` as a new upload ending in `ending`. A declared size (the Content-Length) is checked and
   * reserved before the body is read; a body of unknown size is counted as it comes. Either way the body is
   * cut off at the first byte over the file limit or the quota, and the partial file removed.
   *
   * @throws ApiError BODY_TOO_LARGE or UPLOAD_QUOTA_EXCEEDED; INVALID_REQUEST for an empty body
   */
  async add(body: Readable, ending: string, declaredBytes: number | undefined): Promise<StoredUpload> {
    if (declaredBytes === 0) throw emptyUpload();
    this.checkFileSize(declaredBytes ?? 0);
    if (this.stored.size + this.receiving.size >= MAX_UPLOADS) {
      throw new ApiError('UPLOAD_QUOTA_EXCEEDED', `this server keeps at most ${MAX_UPLOADS} uploads at once: delete uploads no longer needed (GET /api/uploads lists them, DELETE /api/uploads/{name} deletes one)`);
    }
    let reserved = chargedBytes(declaredBytes ?? 0);
    this.reserve(reserved);
    const name = `${Date.now()}-${randomBytes(4).toString('hex')}${ending}`;
    const path = join(this.folder, name);
    this.receiving.add(name);
    let bytes = 0;
    const counter = new Transform({
      transform: (chunk: Buffer, _encoding, next) => {
        bytes += chunk.length;
        try {
          this.checkFileSize(bytes);
          const charged = chargedBytes(bytes);
          if (charged > reserved) {
            this.reserve(charged - reserved);
            reserved = charged;
          }
          next(null, chunk);
        } catch (error) {
          next(error as Error);
        }
      },
    });
    try {
      await receive(body, counter, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
      if (bytes === 0) throw emptyUpload();
      const upload = { name, path, bytes, created: Date.now() };
      this.stored.set(name, upload);
      return upload;
    } catch (error) {
      await rm(path, { force: true });
      throw error;
    } finally {
      this.reservedBytes -= reserved;
      this.receiving.delete(name);
    }
  }

  async remove(name: string): Promise<void> {
    const upload = this.stored.get(name);
    if (upload === undefined) return;
    this.stored.delete(name);
    await rm(upload.path, { force: true });
  }

  /** Reads the folder again: files deleted by hand are forgotten, files put there are counted. */
  async rescan(): Promise<void> {
    const names = (await readdir(this.folder, { withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => entry.name);
    const found = await Promise.all(
      names.map(async (name) => {
        const path = join(this.folder, name);
        const info = await stat(path).catch(() => undefined);
        return info === undefined ? undefined : { name, path, bytes: info.size, created: info.mtimeMs };
      }),
    );
    const present = new Set(names);
    for (const name of this.stored.keys()) if (!present.has(name)) this.stored.delete(name);
    for (const upload of found) {
      if (upload !== undefined && !this.stored.has(upload.name) && !this.receiving.has(upload.name)) this.stored.set(upload.name, upload);
    }
  }

  private checkFileSize(bytes: number): void {
    if (bytes > this.limits.maxFileBytes) {
      throw new ApiError('BODY_TOO_LARGE', `the file is larger than ${this.limits.maxFileBytes} bytes, the most this server takes in one upload (uploads.maxFileBytes): send a shorter clip`);
    }
  }

  private reserve(bytes: number): void {
    const used = this.usedBytes() + this.reservedBytes;
    if (used + bytes > this.limits.maxTotalBytes) {
      throw new ApiError(
        'UPLOAD_QUOTA_EXCEEDED',
        `the uploads kept and arriving take ${used} of the ${this.limits.maxTotalBytes} bytes this server keeps (uploads.maxTotalBytes), so this file does not fit: delete uploads no longer needed (GET /api/uploads lists them, DELETE /api/uploads/{name} deletes one) or try again once running uploads and sessions end`,
      );
    }
    this.reservedBytes += bytes;
  }
}

const emptyUpload = (): ApiError => new ApiError('INVALID_REQUEST', 'the upload is empty: send the file itself as the body');

/**
 * Pipes a request body through `counter` into `file`. The body is piped, not put in the pipeline: a refusal
 * midway must not destroy the request, or its connection would close before the refusal is answered.
 */
async function receive(body: Readable, counter: Transform, file: Writable): Promise<void> {
  const stopWatching = finished(body, (error) => {
    if (error !== undefined && error !== null) counter.destroy(error);
  });
  body.pipe(counter);
  try {
    await pipeline(counter, file);
  } finally {
    stopWatching();
    body.unpipe(counter);
  }
}
