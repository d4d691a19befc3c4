/**
 * A PacedStreamServer on a thread of its own, for tests whose consumer blocks its thread as a model does: the
 * camera must go on sending meanwhile. workerData: { path, fps, burst? } (see PacedStreamServer.start); posts the server's URL, stops on any message.
 */
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

import { PacedStreamServer } from './paced-stream-server.js';

const { path, fps, burst } = workerData as { path: string; fps: number; burst?: number };
const camera = await PacedStreamServer.start(readFileSync(path), fps, burst);
parentPort!.postMessage({ url: camera.url, frames: camera.frames.length });
parentPort!.once('message', () => void camera.stop().then(() => parentPort!.close()));
