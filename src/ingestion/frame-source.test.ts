import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';

import sharp from 'sharp';

import { HandflowError } from '../core/errors.js';
import { ffmpegChildren, hasProc, processesMentioning } from '../testing/processes.js';
import { scratchFolder } from '../testing/scratch.js';
import { sharedData } from '../testing/shared-data.js';
import type { CapturedFrame, CaptureState, SourceProblem } from './captured-frame.js';
import type { CaptureOptions } from './capture-config.js';
import { resolveFfmpegPath } from './ffmpeg-binary.js';
import type { FrameSource } from './frame-source.js';
import { listV4l2Devices } from './cameras.js';
import { mirrorImage } from './mirror.js';
import { openPushedSource, openSource } from './open-source.js';
import type { SourceSpec } from './source-spec.js';

const ASL = sharedData('landmarks-reference/asl_hand.25fps.mp4');
const THUMB = sharedData('mediapipe-samples/thumb_up_video.mp4');
const SWIPE = sharedData('dynamic-gestures/swipe_left_right.gif');
const TILES = ['like.png', 'palm.png', 'fist.png'].map((name) => sharedData(`hagrid-tiles/${name}`));

const scratch = scratchFolder('handflow-source-');
const scratchFile = scratch.file;
afterEach(() => {
  if (hasProc) assert.deepEqual(ffmpegChildren(), [], 'no ffmpeg is left running');
});

/** Starts a source and collects its frames, problems and states until the end or a failure. */
async function run(source: FrameSource, onFrame: (frame: CapturedFrame) => void = () => {}) {
  const frames: CapturedFrame[] = [];
  const problems: SourceProblem[] = [];
  const states: CaptureState[] = [];
  source.on('problem', (problem) => problems.push(problem));
  source.on('state', (state) => states.push(state));
  let failure: unknown;
  try {
    await source.start();
    for await (const frame of source.stream()) {
      frames.push(frame);
      onFrame(frame);
    }
  } catch (error) {
    failure = error;
  }
  return { frames, problems, states, failure };
}

function open(spec: SourceSpec, options: CaptureOptions = {}): FrameSource {
  return openSource(spec, options);
}

function assertHandflowError(error: unknown, code: string, pattern: RegExp): void {
  assert.ok(error instanceof HandflowError, `expected a HandflowError, got ${String(error)}`);
  assert.equal(error.code, code);
  assert.match(error.message, pattern);
  assert.doesNotMatch(error.message, /\n/, 'one line');
}

/** Polls until `condition` holds (an event, not a duration, is awaited; the deadline only stops a hang). */
async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = performance.now() + 20_000;
  while (!condition()) {
    if (performance.now() > deadline) assert.fail(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A local HTTP server; each connection is answered by the next handler (the last one repeats). */
async function httpServer(handlers: ((response: import('node:http').ServerResponse) => void)[]): Promise<{ url: string; server: Server }> {
  let connection = 0;
  const server = createServer((_request, response) => handlers[Math.min(connection++, handlers.length - 1)]!(response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/camera.mjpeg`, server };
}

/** Serves `count` JPEG frames as multipart MJPEG, then cuts the connection (a camera stream breaking). */
function mjpegFrames(jpeg: Buffer, count: number) {
  return (response: import('node:http').ServerResponse): void => {
    response.writeHead(200, { 'Content-Type': 'multipart/x-mixed-replace; boundary=frame' });
    let sent = 0;
    const timer = setInterval(() => {
      response.write(`--frame\r\nContent-Type: image/jpeg\r\nContent-Length: ${jpeg.length}\r\n\r\n`);
      response.write(jpeg);
      response.write('\r\n');
      if (++sent === count) {
        clearInterval(timer);
        setTimeout(() => response.destroy(), 50);
      }
    }, 10);
  };
}

describe('video file source', () => {
  it('converts a 4:4:4 video to RGB through 4:2:0 (colour thinned out by the cheapest filter), not straight from 4:4:4', async () => {
    const firstFrame = (filters: string): Buffer =>
      spawnSync(resolveFfmpegPath(), ['-v', 'error', '-i', ASL, '-vf', filters, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], {
        maxBuffer: 1 << 24,
      }).stdout;
    const source = open({ kind: 'video-file', path: ASL });
    let first: Buffer | undefined;
    await run(source, (frame) => {
      first ??= Buffer.from(frame.frame.data);
      void source.stop();
    });
    assert.ok(first !== undefined, 'a frame came');
    assert.ok(first.equals(firstFrame('scale=flags=fast_bilinear,format=yuv420p')), 'the frame is ffmpeg\'s own conversion through 4:2:0');
    assert.ok(!first.equals(firstFrame('null')), 'which differs from the straight one');
  });

  it('delivers all 325 frames of the ASL clip in order, with backpressure and no drops', async () => {
    const source = open({ kind: 'video-file', path: ASL });
    const { frames, problems, states, failure } = await run(source, (frame) => {
      // Decoding runs ahead by at most the buffer (3) plus the frame waiting to enter it.
      assert.ok(source.stats.captured <= frame.frameNumber + 1 + 3 + 1, `captured ${source.stats.captured} at frame ${frame.frameNumber}`);
    });
    assert.equal(failure, undefined);
    assert.equal(frames.length, 325);
    assert.deepEqual(frames.map((f) => f.frameNumber), [...Array(325).keys()]);
    assert.deepEqual(frames.slice(0, 3).map((f) => f.timestamp), [0, 40, 80]);
    assert.deepEqual(frames[0]!.metadata, { width: 620, height: 1080, channels: 3 });
    assert.ok(frames.every((f) => f.ageMs >= 0));
    assert.deepEqual(source.stats, { captured: 325, dropped: 0, reconnects: 0 });
    assert.deepEqual(problems, []);
    assert.deepEqual(states, ['capturing', 'idle']);
    assert.deepEqual(source.extent, { durationMs: 13000 });
  });

  it('decodes ahead of a consumer that has not asked yet', async () => {
    const source = open({ kind: 'video-file', path: ASL }, { bufferSize: 3 });
    await source.start();
    await until(() => source.stats.captured === 4, 'the buffer is full and one more frame waits');
    await source.stop();
    assert.equal(source.stats.captured, 4, 'the producer waited for room');
  });

  it('resumes at a frame: numbering and timestamps go on from it, the same pixels, nothing counted as dropped', async () => {
    const whole = await run(open({ kind: 'video-file', path: ASL }));
    const resumed = await run(open({ kind: 'video-file', path: ASL, startFrame: 300 }));
    assert.equal(resumed.failure, undefined);
    assert.deepEqual(resumed.frames.map((f) => f.frameNumber), [...Array(25).keys()].map((index) => 300 + index));
    assert.equal(resumed.frames[0]!.timestamp, 12_000);
    assert.deepEqual(resumed.frames[0]!.frame, whole.frames[300]!.frame);
    assert.deepEqual(resumed.problems, []);
  });

  it('resumes in real time without dropping the frames before its start as late', async () => {
    const source = open({ kind: 'video-file', path: ASL, startFrame: 300 }, { realtime: true });
    const started = performance.now();
    const { frames, failure } = await run(source);
    assert.equal(failure, undefined);
    assert.equal(frames[0]!.frameNumber, 300);
    assert.equal(frames.length + source.stats.dropped, 25);
    assert.ok(source.stats.dropped <= 2, `${source.stats.dropped} frames dropped`);
    const elapsed = performance.now() - started;
    assert.ok(elapsed >= 900 && elapsed < 3000, `the last second of the clip took ${elapsed.toFixed(0)} ms`);
  });

  it('reads a GIF with its own timestamps', async () => {
    const { frames, failure } = await run(open({ kind: 'video-file', path: SWIPE }));
    assert.equal(failure, undefined);
    assert.equal(frames.length, 80);
    assert.deepEqual([frames[0]!.metadata.width, frames[0]!.metadata.height], [531, 293]);
  });

  it('mirrors frames when asked', async () => {
    const first = async (mirror: boolean) => {
      const source = open({ kind: 'video-file', path: THUMB }, { mirror });
      await source.start();
      const frame = await source.getFrame();
      await source.stop();
      return frame!.frame;
    };
    assert.deepEqual(await first(true), mirrorImage(await first(false)));
  });

  it('pauses and resumes where it was', async () => {
    const source = open({ kind: 'video-file', path: SWIPE });
    let pausedAt = -1;
    const { frames, states } = await run(source, (frame) => {
      if (frame.frameNumber === 10) {
        source.pause();
        pausedAt = source.stats.captured;
        assert.equal(source.state, 'paused');
        setTimeout(() => {
          assert.ok(source.stats.captured <= pausedAt + 1, 'a paused file does not run on');
          source.resume();
        }, 50);
      }
    });
    assert.equal(frames.length, 80);
    assert.deepEqual(states, ['capturing', 'paused', 'capturing', 'idle']);
  });

  it('plays in real time with --realtime, accounting for every frame', async () => {
    const clip = join(scratch.path, 'one-second.mp4');
    const made = spawnSync(resolveFfmpegPath(), ['-hide_banner', '-loglevel', 'error', '-i', ASL, '-t', '1', '-vf', 'scale=310:540', '-y', clip]);
    assert.equal(made.status, 0, made.stderr?.toString());
    const source = open({ kind: 'video-file', path: clip }, { realtime: true });
    const started = performance.now();
    const { frames, failure } = await run(source);
    assert.equal(failure, undefined);
    assert.ok(performance.now() - started >= 900, 'a one-second clip takes a second in real time');
    assert.equal(frames.length + source.stats.dropped, 25);
  });

  it('plays in real time behind a consumer that blocks the event loop: recent frames, drops counted, on time', async () => {
    const clip = join(scratch.path, 'three-seconds.mp4');
    const made = spawnSync(resolveFfmpegPath(), ['-hide_banner', '-loglevel', 'error', '-i', ASL, '-t', '3', '-y', clip]);
    assert.equal(made.status, 0, made.stderr?.toString());
    const source = open({ kind: 'video-file', path: clip }, { realtime: true });
    const started = performance.now();
    // As the landmark model does: 120 ms of work on the main thread per frame, ffmpeg's pipe unread meanwhile.
    const { frames, failure } = await run(source, () => {
      const until = performance.now() + 120;
      while (performance.now() < until);
    });
    const elapsed = performance.now() - started;
    assert.equal(failure, undefined);
    assert.equal(frames.length + source.stats.dropped, 75, `${frames.length} delivered + ${source.stats.dropped} dropped`);
    assert.ok(source.stats.dropped > 0);
    const oldest = Math.max(...frames.map((frame) => frame.ageMs));
    assert.ok(oldest < 300, `the oldest frame handed over was ${oldest.toFixed(0)} ms old`);
    assert.ok(elapsed < 3000 * 1.2, `a three-second clip took ${elapsed.toFixed(0)} ms`);
  });

  it('stops ffmpeg when the consumer leaves early', { skip: !hasProc && 'needs /proc' }, async () => {
    const source = open({ kind: 'video-file', path: ASL });
    await source.start();
    for await (const frame of source.stream()) if (frame.frameNumber === 2) break;
    assert.equal(source.state, 'idle');
  });
});

describe('video file faults', () => {
  it('fails at start, naming the file, for a zero-byte file, a text file named .mp4 and an mp4 cut before its index', async () => {
    const empty = scratchFile('empty.mp4', '');
    const text = scratchFile('text.mp4', 'not a video at all\n');
    const bytes = readFileSync(ASL);
    const cut = scratchFile('asl-cut.mp4', bytes.subarray(0, bytes.length * 0.3));
    for (const [path, reason] of [[empty, /empty/], [text, /not a readable video/], [cut, /not a readable video/]] as const) {
      const source = open({ kind: 'video-file', path });
      const { frames, failure, states } = await run(source);
      assert.equal(frames.length, 0);
      assertHandflowError(failure, 'DECODE_FAILED', new RegExp(`${path.replace(/[.]/g, '\\.')}: .*`));
      assert.match((failure as Error).message, reason);
      assert.equal(source.state, 'error');
      assert.deepEqual(states, ['capturing', 'error']);
    }
  });

  it('delivers the frames of a truncated video, then fails saying it is truncated', async () => {
    const bytes = readFileSync(THUMB);
    const cut = scratchFile('thumb-cut.mp4', bytes.subarray(0, bytes.length * 0.3));
    const { frames, failure } = await run(open({ kind: 'video-file', path: cut }));
    assert.ok(frames.length > 10, `${frames.length} frames`);
    assertHandflowError(failure, 'DECODE_FAILED', /truncated or damaged/);
  });

  it('fails with a clear error when ffmpeg is killed mid-stream', { skip: !hasProc && 'needs /proc' }, async () => {
    const link = join(scratch.path, `killed-${process.pid}.mp4`);
    symlinkSync(ASL, link);
    const { frames, failure } = await run(open({ kind: 'video-file', path: link }), (frame) => {
      if (frame.frameNumber === 5) for (const pid of processesMentioning(link)) process.kill(pid, 'SIGKILL');
    });
    assert.ok(frames.length >= 6 && frames.length < 325);
    assertHandflowError(failure, 'DECODE_FAILED', /killed by SIGKILL/);
  });
});

describe('image source', () => {
  it('reads a folder in sorted order, skipping and reporting unreadable images', async () => {
    const folder = join(scratch.path, 'photos');
    mkdirSync(folder);
    TILES.forEach((tile, index) => symlinkSync(tile, join(folder, `${index}-${tile.split('/').at(-1)}`)));
    writeFileSync(join(folder, '1a-text.jpg'), 'not an image\n');
    // A valid PNG header claiming 30000x30000 pixels.
    const huge = await sharp({ create: { width: 1, height: 1, channels: 3, background: 'black' } }).png().toBuffer();
    huge.writeUInt32BE(30_000, 16);
    huge.writeUInt32BE(30_000, 20);
    writeFileSync(join(folder, '1b-huge.png'), huge);
    const source = open({ kind: 'images', path: folder });
    const { frames, problems, failure } = await run(source);
    assert.equal(failure, undefined);
    assert.deepEqual(frames.map((f) => f.metadata.origin!.split('/').at(-1)), ['0-like.png', '1-palm.png', '2-fist.png']);
    assert.deepEqual(frames.map((f) => [f.metadata.width, f.metadata.height]), [[300, 300], [300, 300], [300, 300]]);
    assert.equal(problems.length, 2);
    assert.ok(problems.every((p) => p.recovering && p.frameLost));
    assertHandflowError(problems[0]!.error, 'INPUT_UNREADABLE', /1a-text\.jpg is not a readable image/);
    assertHandflowError(problems[1]!.error, 'INPUT_UNREADABLE', /1b-huge\.png .*too large/);
    assert.deepEqual(source.extent, { frames: 5 });
  });

  it('fails when its only image cannot be read', async () => {
    const { frames, failure } = await run(open({ kind: 'images', path: scratchFile('only.png', 'text') }));
    assert.equal(frames.length, 0);
    assertHandflowError(failure, 'INPUT_UNREADABLE', /only\.png is not a readable image/);
  });
});

describe('network source', () => {
  it('reconnects with backoff to an unreachable RTSP URL, then gives up with SOURCE_UNAVAILABLE', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const url = `rtsp://127.0.0.1:${port}/x`;
    const source = open({ kind: 'network', url }, { reconnect: { maxAttempts: 2, initialDelayMs: 10, maxDelayMs: 20 } });
    const { frames, problems, failure } = await run(source);
    assert.equal(frames.length, 0);
    assert.deepEqual(problems.map((p) => p.recovering), [true, true]);
    assert.match(problems[0]!.error.message, new RegExp(`^${url}: .*reconnecting in 10 ms \\(attempt 1 of 2\\)$`));
    assert.match(problems[1]!.error.message, /reconnecting in 20 ms \(attempt 2 of 2\)/);
    assertHandflowError(failure, 'SOURCE_UNAVAILABLE', /2 reconnection attempt\(s\) failed\. Check that the stream is up/);
    assert.equal(source.state, 'error');
  });

  it('reads an HTTP MJPEG camera and reconnects when the stream is cut, keeping timestamps increasing', async () => {
    const jpeg = await sharp(TILES[0]!).jpeg().toBuffer();
    const { url, server } = await httpServer([
      mjpegFrames(jpeg, 5),
      mjpegFrames(jpeg, 5),
      (response) => response.writeHead(404).end(),
    ]);
    try {
      const source = open({ kind: 'network', url }, { bufferSize: 50, reconnect: { maxAttempts: 1, initialDelayMs: 10 } });
      const { frames, problems, failure } = await run(source);
      assert.equal(frames.length, 10);
      assert.deepEqual([frames[0]!.metadata.width, frames[0]!.metadata.height], [300, 300]);
      for (let i = 1; i < frames.length; i += 1) assert.ok(frames[i]!.timestamp > frames[i - 1]!.timestamp, `timestamps at ${i}`);
      assert.equal(source.stats.reconnects, 1);
      assert.equal(problems.length, 2, 'the cut after each connection');
      assertHandflowError(failure, 'SOURCE_UNAVAILABLE', /1 reconnection attempt\(s\) failed/);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('stops at once when stopped just after it started, before its reader is under way', async () => {
    const { url, server } = await httpServer([(response) => response.writeHead(200, { 'Content-Type': 'multipart/x-mixed-replace; boundary=frame' })]);
    try {
      const source = open({ kind: 'network', url });
      await source.start();
      const stopped = source.stop();
      const hung = new Promise((_resolve, reject) => setTimeout(() => reject(new Error('stop() hung: the reader never heard of it')), 3000).unref());
      await Promise.race([stopped, hung]);
      assert.equal(source.state, 'idle');
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('treats a stream that sends nothing as broken instead of hanging', async () => {
    const { url, server } = await httpServer([(response) => response.writeHead(200, { 'Content-Type': 'multipart/x-mixed-replace; boundary=frame' })]);
    try {
      const source = open({ kind: 'network', url }, { stallTimeoutMs: 300, reconnect: { maxAttempts: 0 } });
      const { failure } = await run(source);
      assertHandflowError(failure, 'SOURCE_UNAVAILABLE', /no frame for 300 ms; reconnection is off/);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe('pushed source', () => {
  const image = (value: number) => ({ data: new Uint8Array(2 * 1 * 3).fill(value).map((v, i) => (i < 3 ? v : 0)), width: 2, height: 1 });

  it('drops the oldest frames a slow pipeline has not taken, mirrors by default, and ends on end()', async () => {
    const { source, producer } = openPushedSource('browser', { bufferSize: 3 });
    assert.equal(producer.push(image(1), 0), false, 'not started yet');
    await source.start();
    for (let i = 0; i < 5; i += 1) assert.equal(producer.push(image(10 + i), i * 33), true);
    producer.end();
    const frames: CapturedFrame[] = [];
    for await (const frame of source.stream()) frames.push(frame);
    assert.deepEqual(frames.map((f) => f.frameNumber), [2, 3, 4]);
    assert.deepEqual(frames.map((f) => f.timestamp), [66, 99, 132]);
    assert.deepEqual([...frames[0]!.frame.data], [0, 0, 0, 12, 12, 12], 'mirrored: the lit pixel moved right');
    assert.equal(source.stats.dropped, 2);
  });

  it('reports a malformed frame as a lost frame', async () => {
    const { source, producer } = openPushedSource('browser');
    const problems: SourceProblem[] = [];
    source.on('problem', (problem) => problems.push(problem));
    await source.start();
    producer.push({ data: new Uint8Array(5), width: 2, height: 1 }, 0);
    producer.end();
    for await (const _frame of source.stream());
    assert.equal(problems.length, 1);
    assertHandflowError(problems[0]!.error, 'INPUT_UNREADABLE', /browser: a pushed frame was refused: image data has 5 bytes/);
  });
});

describe('webcam source', () => {
  const cameras = process.platform === 'linux' ? listV4l2Devices(readdirSync('/dev')) : [];
  it('captures frames from the first v4l2 camera', { skip: cameras.length === 0 && 'no /dev/video* camera on this machine (CI containers have none)' }, async () => {
    const source = open({ kind: 'webcam', device: cameras[0]!.index });
    await source.start();
    const frames: CapturedFrame[] = [];
    for await (const frame of source.stream()) if (frames.push(frame) === 5) break;
    assert.equal(frames.length, 5);
    assert.equal(frames[0]!.metadata.channels, 3);
  });
});
