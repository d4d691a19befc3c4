import assert from 'node:assert/strict';
import { readFileSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import sharp from 'sharp';

import { resultOf } from '../inference/inference-stage.js';
import { openSource } from '../ingestion/open-source.js';
import { findProject } from '../projects/projects.js';
import type { SourceSpec } from '../ingestion/source-spec.js';
import { ffmpegChildren, hasProc, processesMentioning } from '../testing/processes.js';
import { scratchFolder } from '../testing/scratch.js';
import { sharedData } from '../testing/shared-data.js';
import { buildSession } from './build-session.js';
import { loadConfig } from './config.js';
import { createLogger } from './logger.js';
import type { PipelineErrorEvent } from './pipeline-error.js';
import type { PipelineSession } from './session.js';
import { SessionManager } from './session-manager.js';

const scratch = scratchFolder('handflow-faults-');
const scratchFile = scratch.file;

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('faults, with real ffmpeg and real engines, in sessions side by side', () => {
  it('each fault gives a clear error event and a clean stop; the healthy session is unaffected; no ffmpeg is left', async () => {
    const thumb = readFileSync(sharedData('mediapipe-samples/thumb_up_video.mp4'));
    const huge = await sharp({ create: { width: 1, height: 1, channels: 3, background: 'black' } }).png().toBuffer();
    huge.writeUInt32BE(30_000, 16);
    huge.writeUInt32BE(30_000, 20);
    const killedLink = join(scratch.path, `killed-${process.pid}.mp4`);
    symlinkSync(sharedData('landmarks-reference/asl_hand.25fps.mp4'), killedLink);
    const rtsp = `rtsp://127.0.0.1:${await closedPort()}/x`;

    const specs: Record<string, SourceSpec> = {
      healthy: { kind: 'video-file', path: sharedData('dynamic-gestures/swipe_left_right.gif') },
      truncated: { kind: 'video-file', path: scratchFile('truncated.mp4', thumb.subarray(0, thumb.length * 0.3)) },
      empty: { kind: 'video-file', path: scratchFile('empty.mp4', '') },
      text: { kind: 'video-file', path: scratchFile('text.mp4', 'I am a text file\n') },
      huge: { kind: 'images', path: scratchFile('huge.png', huge) },
      rtsp: { kind: 'network', url: rtsp },
      killed: { kind: 'video-file', path: killedLink },
    };
    const config = await loadConfig({ cwd: scratch.path, env: {}, flags: { capture: { reconnect: { maxAttempts: 2, initialDelayMs: 20 } } } });
    const logger = createLogger('silent');
    const manager = new SessionManager();
    const errors: Record<string, PipelineErrorEvent[]> = {};
    const sessions: PipelineSession[] = [];
    const classified: (string | undefined)[] = [];
    for (const [id, spec] of Object.entries(specs)) {
      const { session } = await buildSession({ id, source: openSource(spec, config.capture), config, project: findProject(config.project), logger });
      errors[id] = [];
      session.on('error', (event) => errors[id]!.push(event));
      if (id === 'healthy') session.on('frame', (event) => classified.push(resultOf(event.inference, 'finger_count')?.gesture_type));
      if (id === 'killed') {
        session.on('frame', (event) => {
          if (event.frameNumber === 5) for (const pid of processesMentioning(killedLink)) process.kill(pid, 'SIGKILL');
        });
      }
      sessions.push(session);
    }
    const summaries = Object.fromEntries((await Promise.all(sessions.map((s) => manager.run(s)))).map((s) => [s.sessionId, s]));

    const healthy = summaries['healthy']!;
    assert.deepEqual([healthy.reason, healthy.frames], ['ended', { processed: 80, dropped: 0, errored: 0 }]);
    assert.deepEqual(errors['healthy'], []);
    assert.equal(classified.length, 80);
    assert.ok(classified.includes('finger_count'), 'the finger-counter project counts fingers on the frames with a hand');

    const expectations: Record<string, [RegExp, string]> = {
      truncated: [/truncated\.mp4: .*truncated or damaged/, 'DECODE_FAILED'],
      empty: [/empty\.mp4: the file is empty/, 'DECODE_FAILED'],
      text: [/text\.mp4: not a readable video/, 'DECODE_FAILED'],
      huge: [/huge\.png is not a readable image: the image is too large \(30000x30000 pixels/, 'INPUT_UNREADABLE'],
      rtsp: [/2 reconnection attempt\(s\) failed/, 'SOURCE_UNAVAILABLE'],
      killed: [/killed by SIGKILL/, 'DECODE_FAILED'],
    };
    for (const [id, [message, code]] of Object.entries(expectations)) {
      const last = errors[id]!.at(-1);
      assert.ok(last !== undefined, `${id}: an error event`);
      assert.deepEqual([last.name, last.severity, last.code], ['IngestionError', 'HIGH', code], id);
      assert.match(last.message, message, id);
      assert.equal(summaries[id]!.reason, 'failed', id);
    }
    assert.deepEqual(errors['rtsp']!.slice(0, 2).map((e) => e.severity), ['MEDIUM', 'MEDIUM'], 'reconnections are warnings');
    assert.ok(summaries['truncated']!.frames.processed > 10, 'the frames before the damage were processed');
    assert.ok(summaries['killed']!.frames.processed >= 6 && summaries['killed']!.frames.processed < 325);
    if (hasProc) assert.deepEqual(ffmpegChildren(), []);
  });
});
