import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { createExtractionResult, type ExtractionResult } from '../extraction/hand-landmarker-result.js';
import type { HandLandmarkerOptions } from '../extraction/hand-landmarker-options.js';
import { HandLandmarker } from '../extraction/hand-landmarker.js';
import { decodeVideoFrames } from '../ingestion/video-decoder.js';

const here = dirname(fileURLToPath(import.meta.url));
/** Cached hands live beside the converted models, out of the repository's tracked files. */
const CACHE_FOLDER = join(here, '..', '..', '.cache', 'bench-hands');

type StoredResult = Omit<ExtractionResult, 'getHand' | 'handsDetected' | 'modelConfidence'>;

/** A digest of the extraction code that found the hands: new code finds them afresh. Read once a run. */
let digest: Promise<string> | undefined;
const extractionDigest = (): Promise<string> => (digest ??= digestExtractionCode());

async function digestExtractionCode(): Promise<string> {
  const folder = join(here, '..', 'extraction');
  const hash = createHash('sha256');
  const walk = async (dir: string): Promise<void> => {
    for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.name.endsWith('.js')) hash.update(await readFile(path));
    }
  };
  await walk(folder);
  return hash.digest('hex').slice(0, 16);
}

/**
 * The hands of every frame of a video, followed as a session follows them (video mode, frame timestamps).
 * Kept in .cache/bench-hands, keyed by the file (path, size, time), the engine's settings and the extraction
 * code, because finding them costs far more than judging them: rules can then be tried on the same hands in
 * seconds. The engine is only loaded when a video is not cached yet.
 */
export class VideoHands {
  private landmarker: Promise<HandLandmarker> | undefined;

  constructor(private readonly settings: HandLandmarkerOptions) {}

  async of(path: string): Promise<ExtractionResult[]> {
    const { size, mtimeMs } = await stat(path);
    const identity = `${path}|${size}|${mtimeMs}|${JSON.stringify(this.settings)}|${await extractionDigest()}`;
    const cached = join(CACHE_FOLDER, `${createHash('sha256').update(identity).digest('hex').slice(0, 24)}.json`);
    try {
      const stored = JSON.parse(await readFile(cached, 'utf8')) as StoredResult[];
      return stored.map((fields) => createExtractionResult(fields));
    } catch {
      // Not found yet (or unreadable): find the hands below.
    }
    const landmarker = await (this.landmarker ??= HandLandmarker.create(this.settings));
    landmarker.resetTracking();
    const results: ExtractionResult[] = [];
    for await (const frame of decodeVideoFrames(path)) results.push(await landmarker.detectForVideo(frame.image, frame.timestampMs));
    const stored: StoredResult[] = results.map(({ hands, extractionLatencyMs, frameTimestamp, imageWidth, imageHeight, timings }) => ({
      hands,
      extractionLatencyMs,
      frameTimestamp,
      imageWidth,
      imageHeight,
      timings,
    }));
    await mkdir(CACHE_FOLDER, { recursive: true });
    await writeFile(cached, JSON.stringify(stored));
    return results;
  }

  async close(): Promise<void> {
    await (await this.landmarker)?.close();
  }
}
