import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { resolveFfmpegPath } from '../ingestion/ffmpeg-binary.js';
import type { ManagedProcess } from '../testing/managed-process.js';
import { PacedStreamServer } from '../testing/paced-stream-server.js';
import { missingTools } from '../testing/required-tools.js';
import { scratchFolder } from '../testing/scratch.js';
import { sharedData } from '../testing/shared-data.js';
import { waitFor } from '../testing/wait-for.js';
import { readEvents, startGateway, startWorker, TestNats } from './testing/test-cluster.js';

const FPS = 25;

describe('a live stream taken over by another worker', { skip: missingTools('nats-server') }, () => {
  const scratch = scratchFolder('handflow-live-takeover-');
  let nats: TestNats;
  let camera: PacedStreamServer;
  const processes: ManagedProcess[] = [];

  before(async () => {
    // The shared open-hand video (8 s) as a camera sends it: MPEG-TS over tcp://, a frame at a time at 25 fps.
    const clip = join(scratch.path, 'camera.ts');
    execFileSync(resolveFfmpegPath(), ['-v', 'error', '-y', '-i', sharedData('mediapipe-samples/open_hand_video.mp4'), '-r', String(FPS), '-c:v', 'mpeg2video', '-q:v', '4', '-an', '-f', 'mpegts', clip]);
    camera = await PacedStreamServer.start(readFileSync(clip), FPS);
    nats = await TestNats.start();
  });
  after(async () => {
    for (const process of processes.reverse()) await process.stop();
    await nats?.stop();
    await camera?.stop();
  });

  it('numbers its frames on past the first worker\'s, so the bus keeps them: none is dropped as a repeat', async (t) => {
    const hosts = ['--stream-host', '127.0.0.1'];
    const { gateway, url } = await startGateway(nats, scratch.path, {}, hosts);
    processes.push(gateway);
    const w1 = await startWorker(nats, 'w1', scratch.path, 2, {}, hosts);
    processes.push(w1);
    const response = await fetch(`${url}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ source: { type: 'url', url: camera.url }, project: 'finger-counter' }),
    });
    assert.equal(response.status, 201, await response.clone().text());
    const { id } = (await response.json()) as { id: string };
    const fromW1 = await waitFor('three seconds of the camera on w1', async () => {
      const frames = (await readEvents(nats)).filter((message) => message.stream === id && message.worker === 'w1' && message.frame !== null);
      return frames.length >= 3 * FPS ? frames : undefined;
    }, 30_000);

    processes.push(await startWorker(nats, 'w2', scratch.path, 2, {}, hosts));
    w1.child.kill('SIGKILL');
    await waitFor('w2 to take the stream', async () => {
      const session = (await (await fetch(`${url}/api/sessions/${id}`)).json()) as { worker?: string };
      return session.worker === 'w2' ? true : undefined;
    }, 30_000);
    // A second of the camera's frames sent to w2, and time to find hands in them: fewer frames than w1 sent, so
    // numbers used again would all be dropped as repeats.
    const sentToW1 = camera.sentAt.length;
    await waitFor('a second of frames sent to w2', async () => (camera.sentAt.length >= sentToW1 + FPS ? true : undefined), 30_000);
    await new Promise((resolve) => setTimeout(resolve, 500));

    const messages = (await readEvents(nats)).filter((message) => message.stream === id && message.frame !== null);
    const w1Frames = messages.filter((message) => message.worker === 'w1').map((message) => message.frame!);
    const w2Frames = messages.filter((message) => message.worker === 'w2').map((message) => message.frame!);
    t.diagnostic(`w1 sent frames ${Math.min(...w1Frames)}-${Math.max(...w1Frames)} (${w1Frames.length}), w2 ${Math.min(...w2Frames)}-${Math.max(...w2Frames)} (${w2Frames.length})`);
    assert.ok(w1Frames.length >= fromW1.length);
    assert.ok(w2Frames.length >= FPS / 2, `w2's frames on the bus: ${w2Frames.length}`);
    assert.ok(Math.min(...w2Frames) > Math.max(...w1Frames), `w2 numbers from ${Math.min(...w2Frames)}, after w1's last, ${Math.max(...w1Frames)}`);
  });
});
