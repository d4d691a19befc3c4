import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import { HandflowError } from '../core/errors.js';
import { sharedData } from '../testing/shared-data.js';
import { probeVideo } from './probe-video.js';

const ASL = sharedData('landmarks-reference/asl_hand.25fps.mp4');
const THUMB = sharedData('mediapipe-samples/thumb_up_video.mp4');
const SWIPE = sharedData('dynamic-gestures/swipe_left_right.gif');

const scratch = mkdtempSync(join(tmpdir(), 'handflow-probe-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('probeVideo', () => {
  it('reads size, rate, duration and frame count of the ASL clip', async () => {
    assert.deepEqual(await probeVideo(ASL, { countFrames: true }), {
      width: 620,
      height: 1080,
      fps: 25,
      rotation: 0,
      pixelFormat: 'yuv444p',
      durationMs: 13000,
      frameCount: 325,
    });
  });

  it('reads a GIF (no duration in its header)', async () => {
    const info = await probeVideo(SWIPE, { countFrames: true });
    assert.equal(info.width, 531);
    assert.equal(info.height, 293);
    assert.equal(info.fps, 15);
    assert.equal(info.frameCount, 80);
    assert.equal(info.pixelFormat, 'bgra');
  });

  it('counts frames only when asked', async () => {
    assert.equal((await probeVideo(THUMB)).frameCount, undefined);
  });

  it('rejects missing, empty and non-video files', async () => {
    await assert.rejects(probeVideo(join(scratch, 'missing.mp4')), { code: 'INPUT_NOT_FOUND' });
    const empty = join(scratch, 'probe-empty.mp4');
    writeFileSync(empty, '');
    await assert.rejects(probeVideo(empty), { code: 'DECODE_FAILED' });
    const text = join(scratch, 'probe-text.mp4');
    writeFileSync(text, 'this is a text file, not a video\n');
    await assert.rejects(probeVideo(text), (error: unknown) => {
      assert.ok(error instanceof HandflowError && error.code === 'DECODE_FAILED');
      assert.ok(error.message.includes(text), error.message);
      return true;
    });
  });
});
