import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import { HandflowError } from '../core/errors.js';
import { assertRgbImage } from '../core/image.js';
import { hasProc, processesMentioning } from '../testing/processes.js';
import { sharedData } from '../testing/shared-data.js';
import { resolveFfmpegPath } from './ffmpeg-binary.js';
import { probeVideo } from './probe-video.js';
import { networkInput } from './network-input.js';
import { decodeFfmpegFrames, decodeVideoFrames, type VideoFrame } from './video-decoder.js';

const ASL = sharedData('landmarks-reference/asl_hand.25fps.mp4');
const THUMB = sharedData('mediapipe-samples/thumb_up_video.mp4');
const SWIPE = sharedData('dynamic-gestures/swipe_left_right.gif');

const scratch = mkdtempSync(join(tmpdir(), 'handflow-video-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const unhandled: unknown[] = [];
process.on('unhandledRejection', (reason) => unhandled.push(reason));
after(() => assert.deepEqual(unhandled, [], 'no promise may be left rejected without a handler'));

async function collect(frames: AsyncIterable<VideoFrame>): Promise<VideoFrame[]> {
  const out: VideoFrame[] = [];
  for await (const frame of frames) out.push(frame);
  return out;
}

/** Writes the first `fraction` of a file's bytes to the scratch folder. */
function truncatedCopy(source: string, name: string, fraction: number): string {
  const bytes = readFileSync(source);
  const path = join(scratch, name);
  writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length * fraction)));
  return path;
}

/** A uniquely named link to `target`, so the ffmpeg reading it can be found among processes by its command line. */
function uniqueLink(target: string, name: string): string {
  const path = join(scratch, `${name}-${process.pid}-${Date.now()}.mp4`);
  symlinkSync(target, path);
  return path;
}

async function expectDecodeError(
  frames: AsyncIterable<VideoFrame>,
  code: string,
  pattern: RegExp,
): Promise<VideoFrame[]> {
  const seen: VideoFrame[] = [];
  await assert.rejects(
    (async () => {
      for await (const frame of frames) seen.push(frame);
    })(),
    (error: unknown) => {
      assert.ok(error instanceof HandflowError, `expected a HandflowError, got ${String(error)}`);
      assert.equal(error.code, code);
      assert.match(error.message, pattern);
      assert.doesNotMatch(error.message, /\n/, 'the message is one line');
      return true;
    },
  );
  return seen;
}

describe('decodeVideoFrames', () => {
  it('decodes all 325 frames of the ASL clip at their 40 ms timestamps', async () => {
    const info = await probeVideo(ASL);
    let count = 0;
    let previousData: Uint8Array | undefined;
    for await (const frame of decodeVideoFrames(ASL)) {
      assert.equal(frame.index, count);
      assert.equal(frame.timestampMs, count * 40);
      assert.equal(frame.image.width, info.width);
      assert.equal(frame.image.height, info.height);
      assertRgbImage(frame.image);
      assert.notEqual(frame.image.data.buffer, previousData?.buffer, 'each frame has its own buffer');
      previousData = frame.image.data;
      if (count === 0) {
        // A real picture: neither blank nor saturated.
        let sum = 0;
        for (const value of frame.image.data) sum += value;
        const mean = sum / frame.image.data.length;
        assert.ok(mean > 30 && mean < 230, `mean pixel value ${mean}`);
      }
      count += 1;
    }
    assert.equal(count, 325);
  });

  it('decodes a 15 fps GIF with its real frame delays', async () => {
    const frames = await collect(decodeVideoFrames(SWIPE));
    assert.equal(frames.length, 80);
    assert.equal(frames[0]!.timestampMs, 0);
    for (const [i, frame] of frames.entries()) {
      assert.equal(frame.image.width, 531);
      assert.equal(frame.image.height, 293);
      // GIF delays are whole centiseconds (7, 6, 7, ...): real timestamps stay within 10 ms of i/15 s.
      assert.ok(Math.abs(frame.timestampMs - (i * 1000) / 15) < 10, `frame ${i} at ${frame.timestampMs} ms`);
      if (i > 0) assert.ok(frame.timestampMs > frames[i - 1]!.timestampMs);
    }
  });

  it('decodes the thumbs-up video, and downscales it with maxWidth', async () => {
    const info = await probeVideo(THUMB, { countFrames: true });
    const full = await collect(decodeVideoFrames(THUMB));
    assert.equal(full.length, info.frameCount);
    assert.deepEqual([full[0]!.image.width, full[0]!.image.height], [info.width, info.height]);
    assert.deepEqual(full.slice(0, 4).map((f) => f.timestampMs), [0, 40, 80, 120]);

    const small = await collect(decodeVideoFrames(THUMB, { maxWidth: info.width / 2 }));
    assert.equal(small.length, full.length);
    assert.equal(small[0]!.image.width, info.width / 2);
    assert.equal(small[0]!.image.height, Math.round(info.height / 2));
    assertRgbImage(small[0]!.image);

    // maxWidth larger than the video leaves it alone.
    const [same] = await collect(take(decodeVideoFrames(THUMB, { maxWidth: 10_000 }), 1));
    assert.equal(same!.image.width, info.width);
  });

  it('fits a portrait video into 640x480 with black bands left and right', async () => {
    // 620x1080 scaled by 480/1080 is 275.6x480 (ffmpeg rounds to an even 276): bands of 182 px each side.
    const [frame] = await collect(take(decodeVideoFrames(ASL, { fitInto: { width: 640, height: 480 } }), 1));
    const { image } = frame!;
    assert.deepEqual([image.width, image.height], [640, 480]);
    const pixel = (x: number, y: number) => Array.from(image.data.subarray((y * 640 + x) * 3, (y * 640 + x) * 3 + 3));
    assert.deepEqual(pixel(5, 240), [0, 0, 0]);
    assert.deepEqual(pixel(634, 240), [0, 0, 0]);
    assert.ok(pixel(320, 240).some((channel) => channel > 30), 'the centre shows the video');
  });

  it('scales frames to exactly scaleTo while decoding, each saying its own size; the picture is the full frame resized', async () => {
    const full = await collect(take(decodeVideoFrames(ASL), 3));
    const scaled = await collect(take(decodeVideoFrames(ASL, { scaleTo: { width: 310, height: 540 } }), 3));
    assert.deepEqual(scaled.map((frame) => [frame.image.width, frame.image.height, frame.image.data.length]), Array(3).fill([310, 540, 310 * 540 * 3]));
    assert.deepEqual(scaled.map((frame) => frame.decodedFrom), Array(3).fill({ width: 620, height: 1080 }));
    assert.deepEqual(scaled.map((frame) => frame.timestampMs), full.map((frame) => frame.timestampMs));
    assert.equal(full[0]!.decodedFrom, undefined);
    // Each scaled pixel is close to the mean of the 2x2 full-size pixels it covers.
    const { image: big } = full[2]!;
    const { image: small } = scaled[2]!;
    let difference = 0;
    for (let y = 0; y < 540; y++) {
      for (let x = 0; x < 310; x++) {
        for (let channel = 0; channel < 3; channel++) {
          const at = (px: number, py: number) => big.data[(py * 620 + px) * 3 + channel]!;
          const mean = (at(2 * x, 2 * y) + at(2 * x + 1, 2 * y) + at(2 * x, 2 * y + 1) + at(2 * x + 1, 2 * y + 1)) / 4;
          difference += Math.abs(small.data[(y * 310 + x) * 3 + channel]! - mean);
        }
      }
    }
    assert.ok(difference / (310 * 540 * 3) < 3, `mean difference ${difference / (310 * 540 * 3)} of 255`);
  });

  it('rejects a scaleTo that is not whole pixels', async () => {
    await assert.rejects(collect(decodeVideoFrames(ASL, { scaleTo: { width: 310.5, height: 540 } })), /scaleTo needs whole numbers of pixels, got 310.5x540/);
  });

  it('rejects fitInto sizes ffmpeg cannot pad to', async () => {
    await assert.rejects(collect(decodeVideoFrames(ASL, { fitInto: { width: 641, height: 480 } })), /fitInto needs even/);
  });

  it('reports the upright size for a video with rotation metadata, matching the decoded frames', async (t) => {
    const rotated = join(scratch, 'rotated.mp4');
    const made = spawnSync(resolveFfmpegPath(), [
      '-hide_banner', '-loglevel', 'error', '-i', ASL, '-t', '0.4', '-c', 'copy',
      '-metadata:s:v:0', 'rotate=90', '-y', rotated,
    ]);
    assert.equal(made.status, 0, made.stderr?.toString());
    const info = await probeVideo(rotated);
    if (info.rotation === 0) {
      t.skip('this ffmpeg does not write rotation metadata with -metadata rotate=90');
      return;
    }
    assert.deepEqual([info.width, info.height], [1080, 620]);
    const frames = await collect(decodeVideoFrames(rotated));
    assert.ok(frames.length >= 10);
    for (const frame of frames) assert.deepEqual([frame.image.width, frame.image.height], [1080, 620]);
  });

  it('rejects a missing file with INPUT_NOT_FOUND', async () => {
    await expectDecodeError(decodeVideoFrames(join(scratch, 'nope.mp4')), 'INPUT_NOT_FOUND', /nope\.mp4/);
  });

  it('rejects an empty file, a text file named .mp4 and an mp4 cut before its index with DECODE_FAILED', async () => {
    const empty = join(scratch, 'empty.mp4');
    writeFileSync(empty, '');
    const text = join(scratch, 'text.mp4');
    writeFileSync(text, 'hello, I am not a video\n');
    // asl_hand.25fps.mp4 keeps its index (moov) at the end, so its first 30% cannot be decoded at all.
    const cut = truncatedCopy(ASL, 'asl-30pct.mp4', 0.3);
    for (const path of [empty, text, cut]) {
      const name = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const frames = await expectDecodeError(decodeVideoFrames(path), 'DECODE_FAILED', new RegExp(`^${name}: .+`));
      assert.equal(frames.length, 0);
    }
    await expectDecodeError(decodeVideoFrames(empty), 'DECODE_FAILED', /empty/);
    await expectDecodeError(decodeVideoFrames(text), 'DECODE_FAILED', /Invalid data|moov atom/);
    // What a user can do about it: an MP4 cut before its index is one still being recorded, or cut short.
    await expectDecodeError(decodeVideoFrames(cut), 'DECODE_FAILED', /the file ends before its index \(ffmpeg: "moov atom not found"\): it is cut short, or still being recorded/);
    await assert.rejects(collect(decodeVideoFrames(text)), (error: Error) => !/cut short/.test(error.message));
  });

  it('refuses a playlist named like a video, reading nothing it points at', async () => {
    const playlist = join(scratch, 'clip.mp4');
    writeFileSync(playlist, `#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nfile://${THUMB}\n#EXT-X-ENDLIST\n`);
    const refused = { code: 'DECODE_FAILED', message: /clip\.mp4: .*it is hls data, which handflow does not open here: playlists and lists/ };
    await assert.rejects(probeVideo(playlist), refused);
    const frames: VideoFrame[] = [];
    await assert.rejects(async () => {
      for await (const frame of decodeVideoFrames(playlist)) frames.push(frame);
    }, refused);
    assert.equal(frames.length, 0);
  });

  it('yields the frames of a truncated video that decode, then DECODE_FAILED saying it is truncated', async () => {
    // thumb_up_video.mp4 has its index first, so its first 30% holds about 56 decodable frames.
    const cut = truncatedCopy(THUMB, 'thumb-30pct.mp4', 0.3);
    const frames = await expectDecodeError(decodeVideoFrames(cut), 'DECODE_FAILED', /truncated or damaged.*after \d+ frames/);
    assert.ok(frames.length > 10 && frames.length < 195, `${frames.length} frames before the error`);
    assert.deepEqual(frames.slice(0, 3).map((f) => f.timestampMs), [0, 40, 80]);
  });

  it('starts at startMs between keyframes, on the very frame due there, keeping the file\'s timestamps', async () => {
    let wanted: Uint8Array | undefined;
    for await (const frame of decodeVideoFrames(ASL)) if (frame.index === 125) wanted = frame.image.data;
    const frames = await collect(decodeVideoFrames(ASL, { startMs: 5000 }));
    assert.equal(frames.length, 325 - 125);
    frames.forEach((frame, i) => assert.ok(Math.abs(frame.timestampMs - (5000 + i * 40)) < 0.1, `frame ${i} at ${frame.timestampMs} ms`));
    assert.deepEqual(frames[0]!.image.data, wanted, 'the frame at 5 s, decoded from the keyframe before it');
    await expectDecodeError(decodeVideoFrames(ASL, { startMs: -1 }), 'INVALID_OPTION', /startMs/);
  });

  it('rejects a bad maxWidth', async () => {
    await expectDecodeError(decodeVideoFrames(ASL, { maxWidth: 0 }), 'INVALID_OPTION', /maxWidth/);
  });

  it('kills ffmpeg when the consumer breaks out early', { skip: !hasProc && 'needs /proc' }, async () => {
    const link = uniqueLink(ASL, 'early-break');
    let seen = 0;
    for await (const frame of decodeVideoFrames(link)) {
      assert.ok(processesMentioning(link).length > 0, 'ffmpeg runs while frames are read');
      seen += 1;
      if (frame.index === 2) break;
    }
    assert.equal(seen, 3);
    assert.deepEqual(processesMentioning(link), [], 'no ffmpeg is left running');
  });

  it('stops ffmpeg when the signal aborts, rejecting with the abort reason', { skip: !hasProc && 'needs /proc' }, async () => {
    const link = uniqueLink(ASL, 'abort');
    const controller = new AbortController();
    const seen: number[] = [];
    await assert.rejects(
      (async () => {
        for await (const frame of decodeVideoFrames(link, { signal: controller.signal })) {
          seen.push(frame.index);
          if (frame.index === 1) controller.abort();
        }
      })(),
      { name: 'AbortError' },
    );
    assert.deepEqual(seen, [0, 1]);
    assert.deepEqual(processesMentioning(link), []);

    // Already aborted: nothing starts.
    await assert.rejects(collect(decodeVideoFrames(link, { signal: AbortSignal.abort() })), { name: 'AbortError' });
  });

  it('stops ffmpeg when the signal aborts while it is being set up, even for a stream that sends nothing', async () => {
    // A camera that answers and then sends nothing: ffmpeg would wait for it for ever.
    const silent = createServer((_request, response) => response.writeHead(200, { 'content-type': 'multipart/x-mixed-replace; boundary=frame' }));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const controller = new AbortController();
      const frames = decodeFfmpegFrames(networkInput(`http://127.0.0.1:${(silent.address() as AddressInfo).port}/`), { signal: controller.signal });
      // Aborted before the decoder has started ffmpeg (it awaits its set-up first), as a stall watchdog may.
      const first = frames.next();
      controller.abort(new Error('no frame for 300 ms'));
      const hung = new Promise((_resolve, reject) => setTimeout(() => reject(new Error('the decoder hung after its signal aborted')), 5000).unref());
      await assert.rejects(Promise.race([first, hung]), /no frame for 300 ms/);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it('lets ffmpeg wait while the consumer is slow (backpressure)', { skip: !hasProc && 'needs /proc' }, async () => {
    const link = uniqueLink(ASL, 'slow');
    const frameBytes = 620 * 1080 * 3;
    const frames = decodeVideoFrames(link);
    try {
      const first = await frames.next();
      assert.equal(first.done, false);
      // Decoding runs at ~300 frames/s here: without backpressure ffmpeg would write ~100 frames in this pause.
      await new Promise((resolve) => setTimeout(resolve, 400));
      const [pid] = processesMentioning(link);
      assert.ok(pid !== undefined, 'ffmpeg still runs');
      const written = Number(/wchar:\s*(\d+)/.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))![1]);
      assert.ok(written < 6 * frameBytes, `ffmpeg wrote ${(written / frameBytes).toFixed(1)} frames while paused`);
      const second = await frames.next();
      assert.equal(second.done, false);
      assert.equal((second.value as VideoFrame).index, 1);
    } finally {
      await frames.return();
    }
    assert.deepEqual(processesMentioning(link), []);
  });
});

async function* take<T>(source: AsyncIterable<T>, count: number): AsyncGenerator<T> {
  if (count <= 0) return;
  let taken = 0;
  for await (const item of source) {
    yield item;
    taken += 1;
    if (taken >= count) return;
  }
}
