import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, it } from 'node:test';

import { monotonicClock } from '../core/clock.js';
import { createExtractionResult, type ExtractionResult } from '../extraction/hand-landmarker-result.js';
import { openSource } from '../ingestion/open-source.js';
import { preprocessConfigSchema } from '../preprocessing/preprocess-config.js';
import type { PreprocessedFrame } from '../preprocessing/preprocessed-frame.js';
import { ffmpegChildren, hasProc } from '../testing/processes.js';
import { sharedData } from '../testing/shared-data.js';
import { createLogger } from './logger.js';
import type { PipelineErrorEvent } from './pipeline-error.js';
import { PipelineSession, type SessionParts, type SessionState } from './session.js';
import { SessionManager } from './session-manager.js';
import type { ExtractionStage } from '../extraction/extraction-stage.js';
import type { FrameEvent, OutputSink, SinkClosing } from '../output/frame-event.js';
import type { InferenceStage } from '../inference/inference-stage.js';

const SWIPE = sharedData('dynamic-gestures/swipe_left_right.gif'); // 80 frames
const ASL = sharedData('landmarks-reference/asl_hand.25fps.mp4');
const OPEN_HAND = sharedData('mediapipe-samples/open_hand_video.mp4'); // its index first: it plays as it downloads

afterEach(() => {
  if (hasProc) assert.deepEqual(ffmpegChildren(), [], 'no ffmpeg is left running');
});

/** A test double of the landmark engine: no hands, or the failure `fail` gives for a frame. */
function stubExtraction(fail: (frameNumber: number) => Error | undefined = () => undefined): ExtractionStage {
  return {
    async extract(frame: PreprocessedFrame): Promise<ExtractionResult> {
      const error = fail(frame.captured.frameNumber);
      if (error !== undefined) throw error;
      const timings = { preprocessMs: 0, palmModelMs: 0, landmarkModelMs: 0, postprocessMs: 0 };
      return createExtractionResult({ hands: [], extractionLatencyMs: 0, frameTimestamp: frame.captured.timestamp, imageWidth: frame.image.width, imageHeight: frame.image.height, timings });
    },
    close: async () => {},
  };
}

const digest = (data: Uint8Array) => createHash('sha1').update(data).digest('hex');

/**
 * An extraction stage that keeps every frame's pixel array and their digest when read, and checks that the frame
 * before stays as it was while the next is read (a palm search started on a frame reads it until then).
 */
function watchPixels() {
  const arrays = new Set<Uint8Array>();
  const held: { frameNumber: number; data: Uint8Array; digest: string }[] = [];
  const changedWhileRead: string[] = [];
  const extraction: ExtractionStage = {
    async extract(frame, stills) {
      const { data } = frame.image;
      arrays.add(data);
      held.push({ frameNumber: frame.captured.frameNumber, data, digest: digest(data) });
      // Time for the decoder to fill any array handed back meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 2));
      for (const before of held.slice(-2)) {
        if (digest(before.data) !== before.digest) changedWhileRead.push(`frame ${before.frameNumber} changed while frame ${frame.captured.frameNumber} was read`);
      }
      return stubExtraction().extract(frame, stills);
    },
    close: async () => {},
  };
  return { extraction, arrays, held, changedWhileRead };
}

function session(id: string, path: string, parts: Partial<SessionParts> = {}): PipelineSession {
  return new PipelineSession({
    id,
    source: openSource({ kind: 'video-file', path }),
    extraction: stubExtraction(),
    outputs: [],
    preprocess: preprocessConfigSchema.parse({}),
    settings: { metricsWindow: 100, slowStageMs: 30, maxConsecutiveFrameErrors: 25 },
    clock: monotonicClock,
    logger: createLogger('silent'),
    ...parts,
  });
}

function record(target: PipelineSession) {
  const frames: FrameEvent[] = [];
  const errors: PipelineErrorEvent[] = [];
  const states: SessionState[] = [];
  target.on('frame', (event) => frames.push(event));
  target.on('error', (event) => errors.push(event));
  target.on('state', (state) => states.push(state));
  return { frames, errors, states };
}

describe('PipelineSession', () => {
  it('runs every frame of a GIF through the stages and ends by itself with a summary', async () => {
    const written: FrameEvent[] = [];
    const target = session('gif', SWIPE, { outputs: [{ write: (event) => void written.push(event) }] });
    const { frames, errors, states } = record(target);
    const summary = await target.run();
    assert.equal(summary.reason, 'ended');
    assert.deepEqual(summary.frames, { processed: 80, dropped: 0, errored: 0 });
    assert.equal(frames.length, 80);
    assert.equal(written.length, 80);
    assert.deepEqual(errors, []);
    assert.deepEqual(states, ['running', 'stopping', 'ended']);
    const first = frames[0]!;
    assert.deepEqual([first.frameNumber, first.timestampMs, first.source, first.inference], [0, 0, SWIPE, null]);
    assert.ok(first.latencyMs.extraction !== undefined && first.latencyMs.preprocessing !== undefined);
    for (const stage of ['ingestion', 'preprocessing', 'extraction', 'output', 'total'] as const) {
      assert.equal(summary.metrics.stages[stage].count, 80, stage);
    }
    assert.ok(summary.metrics.fps > 0);
    assert.deepEqual(JSON.parse(JSON.stringify(summary)).frames, summary.frames, 'the summary is plain data');
  });

  it("reuses a video's pixel arrays once frames are done, never one whose frame is still read", async () => {
    const watch = watchPixels();
    const source = openSource({ kind: 'video-file', path: ASL }, { bufferSize: 3 });
    const summary = await session('reuse', ASL, { source, extraction: watch.extraction }).run();
    assert.equal(summary.frames.processed, 325);
    assert.deepEqual(watch.changedWhileRead, []);
    // Three buffered, one decoding, one waiting for room, one in the pipeline and the one before it.
    assert.ok(watch.arrays.size <= 7, `${watch.arrays.size} pixel arrays for 325 frames`);
  });

  it("reuses a stream's pixel arrays, shared with the thread that reads the stream, once frames are done", async (t) => {
    // A query makes the served clip a live stream: read on a thread of its own, which shares each frame's array.
    const server = createServer((_request, response) => createReadStream(OPEN_HAND).pipe(response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    t.after(() => server.close());
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/open_hand_video.mp4?live=1`;
    const watch = watchPixels();
    const source = openSource({ kind: 'network', url }, { bufferSize: 3, reconnect: { maxAttempts: 0 } });
    const summary = await session('reuse-stream', url, { source, extraction: watch.extraction }).run();
    const { processed, dropped } = summary.frames;
    t.diagnostic(`${processed} processed + ${dropped} dropped`);
    assert.deepEqual(watch.changedWhileRead, []);
    // Each frame crosses from the reader's thread as a new view of shared memory: arrays reused show as the
    // frames before them overwritten by later ones. All but the reader's pool of arrays are: two a buffered frame,
    // four more, and a burst's 32 (live-reader-thread.ts; this server sends the whole clip at once).
    const pooled = 2 * 3 + 4 + 32;
    const overwritten = watch.held.filter((frame) => frame.digest !== digest(frame.data)).length;
    assert.ok(processed > pooled + 10, `${processed} frames processed: too few to tell`);
    assert.ok(overwritten >= processed - pooled, `${overwritten} of ${processed} frames' arrays held later frames`);
  });

  it('skips a frame on a LOW extraction error and carries on', async () => {
    const target = session('low', SWIPE, { extraction: stubExtraction((n) => (n === 3 || n === 5 ? new Error(`bad frame ${n}`) : undefined)) });
    const { errors } = record(target);
    const summary = await target.run();
    assert.equal(summary.reason, 'ended');
    assert.deepEqual(summary.frames, { processed: 78, dropped: 0, errored: 2 });
    assert.deepEqual(errors.map((e) => [e.name, e.severity, e.frameNumber, e.message]), [
      ['ExtractionError', 'LOW', 3, 'bad frame 3'],
      ['ExtractionError', 'LOW', 5, 'bad frame 5'],
    ]);
  });

  it('goes on without gestures when inference fails (MEDIUM), and isolates a failing output', async () => {
    const inference: InferenceStage = { infer: () => Promise.reject(new Error('classifier broke')) };
    const kept: FrameEvent[] = [];
    const outputs: OutputSink[] = [{ write: () => Promise.reject(new Error('pipe closed')) }, { write: (event) => void kept.push(event) }];
    const target = session('medium', SWIPE, { inference, outputs });
    const { errors, frames } = record(target);
    const summary = await target.run();
    assert.equal(summary.reason, 'ended');
    assert.equal(summary.frames.processed, 80);
    assert.equal(kept.length, 80, 'the healthy output still gets every frame');
    assert.ok(frames.every((frame) => frame.inference === null));
    assert.equal(errors.filter((e) => e.name === 'InferenceError' && e.severity === 'MEDIUM').length, 80);
    assert.equal(errors.filter((e) => e.name === 'OutputError' && e.severity === 'MEDIUM').length, 80);
    assert.deepEqual(summary.errors, { LOW: 0, MEDIUM: 160, HIGH: 0, FATAL: 0 });
  });

  it('stops with a HIGH error when frames keep failing, instead of spinning', async () => {
    const target = session('broken', ASL, {
      extraction: stubExtraction(() => new Error('engine is broken')),
      settings: { metricsWindow: 100, slowStageMs: 30, maxConsecutiveFrameErrors: 5 },
    });
    const { errors } = record(target);
    const summary = await target.run();
    assert.equal(summary.reason, 'failed');
    assert.equal(summary.frames.errored, 5);
    assert.equal(errors.at(-1)!.severity, 'HIGH');
    assert.match(errors.at(-1)!.message, /^5 frames in a row failed, so the session stops \(the last: engine is broken\)$/);
  });

  it('stops cleanly when asked, and a throwing listener does not break it', async () => {
    const closings: SinkClosing[] = [];
    const target = session('stopped', ASL, { outputs: [{ write: () => {}, close: (closing) => void closings.push(closing) }] });
    target.on('frame', (event) => {
      if (event.frameNumber === 10) target.stop();
      throw new Error('a careless listener');
    });
    const summary = await target.run();
    assert.equal(summary.reason, 'stopped');
    assert.equal(summary.frames.processed, 11);
    assert.deepEqual(closings, [{ stopped: true }], 'its sinks are told it was stopped: actions stop at once');
  });

  it('tells its sinks a stream that ended by itself was not stopped: actions finish what is under way', async () => {
    const closings: SinkClosing[] = [];
    const summary = await session('ended', SWIPE, { outputs: [{ write: () => {}, close: (closing) => void closings.push(closing) }] }).run();
    assert.equal(summary.reason, 'ended');
    assert.deepEqual(closings, [{ stopped: false }]);
  });

  it('pauses and resumes', async () => {
    const target = session('paused', SWIPE);
    const { states } = record(target);
    target.on('frame', (event) => {
      if (event.frameNumber !== 5) return;
      target.pause();
      setTimeout(() => target.resume(), 30);
    });
    const summary = await target.run();
    assert.equal(summary.frames.processed, 80);
    assert.deepEqual(states, ['running', 'paused', 'running', 'stopping', 'ended']);
  });
});

describe('SessionManager', () => {
  it('runs sessions side by side; a FATAL error in one stops them all', async () => {
    const manager = new SessionManager();
    const fatal: PipelineErrorEvent[] = [];
    manager.on('fatal', (event) => fatal.push(event));
    const healthy = session('healthy', ASL);
    const doomed = session('doomed', SWIPE, { extraction: stubExtraction((n) => (n === 20 ? new RangeError('Array buffer allocation failed') : undefined)) });
    const [healthySummary, doomedSummary] = await Promise.all([manager.run(healthy), manager.run(doomed)]);
    assert.equal(doomedSummary.reason, 'fatal');
    assert.equal(healthySummary.reason, 'stopped');
    assert.ok(healthySummary.frames.processed < 325);
    assert.deepEqual(fatal.map((e) => [e.sessionId, e.severity]), [['doomed', 'FATAL']]);
    assert.deepEqual(manager.sessions, []);
  });

  it('lets a failing session end alone', async () => {
    const manager = new SessionManager();
    const healthy = session('healthy', SWIPE);
    const failing = session('failing', SWIPE, {
      extraction: stubExtraction(() => new Error('no')),
      settings: { metricsWindow: 100, slowStageMs: 30, maxConsecutiveFrameErrors: 3 },
    });
    const [a, b] = await Promise.all([manager.run(healthy), manager.run(failing)]);
    assert.deepEqual([a.reason, a.frames.processed], ['ended', 80]);
    assert.equal(b.reason, 'failed');
  });
});
