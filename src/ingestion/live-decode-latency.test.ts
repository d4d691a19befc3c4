import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';

import { median } from '../cli/statistics.js';
import { PacedStreamServer } from '../testing/paced-stream-server.js';
import { scratchFolder } from '../testing/scratch.js';
import { sharedData } from '../testing/shared-data.js';
import { resolveFfmpegPath } from './ffmpeg-binary.js';
import { networkInput } from './network-input.js';
import { decodeFfmpegFrames } from './video-decoder.js';

const FPS = 25;
const scratch = scratchFolder('handflow-live-latency-');

it('gives out each frame of a live H.264 stream as soon as it can be decoded, not frames later', async () => {
  // Four seconds of the shared open-hand video as a camera's encoder makes it: H.264 without B-frames, in MPEG-TS.
  const path = join(scratch.path, 'camera.ts');
  execFileSync(resolveFfmpegPath(), ['-v', 'error', '-i', sharedData('mediapipe-samples/open_hand_video.mp4'), '-t', '4', '-an', '-c:v', 'libx264', '-tune', 'zerolatency', '-r', String(FPS), '-f', 'mpegts', path]);
  const camera = await PacedStreamServer.start(readFileSync(path), FPS);
  try {
    const lateness: number[] = [];
    for await (const frame of decodeFfmpegFrames(networkInput(camera.url))) {
      // A frame is whole once the next one starts coming. Timed after the first second (ffmpeg's probing), and
      // before the last frames (the stream's end flushes them).
      const whole = camera.sentAt[frame.index + 1];
      if (frame.index >= FPS && frame.index < camera.frames.length - 5 && whole !== undefined) lateness.push(performance.now() - whole);
    }
    assert.ok(lateness.length > 2 * FPS, `${lateness.length} frames timed`);
    // Measured on 2 cores: 82 ms, about 2 frame intervals (ffmpeg's demuxer and H.264 parser know a frame has ended
    // when the next begins), against 202 ms with frame threading, which holds back a frame for each thread.
    const late = median(lateness);
    assert.ok(late < 3 * (1000 / FPS), `frames came out ${late.toFixed(1)} ms after they were whole: the decoder holds frames back`);
  } finally {
    await camera.stop();
  }
});
