/**
 * A PacedStreamServer on a thread of its own, for tests whose consumer blocks its thread as a model does: the
 * camera must go on sending meanwhile. workerData: { path, fps }; posts the server's URL, stops on any message.
 */
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

import { PacedStreamServer } from './paced-stream-server.js';

const { path, fps } = workerData as { path: string; fps: number };
const camera = await PacedStreamServer.start(readFileSync(path), fps);
parentPort!.postMessage({ url: camera.url, frames: camera.frames.length });
parentPort!.once('message', () => void camera.stop().then(() => parentPort!.close()));
