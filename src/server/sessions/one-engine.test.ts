import { StreamHosts } from '../../ingestion/stream-hosts.js';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';

import { resultOf } from '../../inference/inference-stage.js';
import type { FrameEvent } from '../../output/frame-event.js';
import { ProjectCatalogue } from '../../projects/project-catalogue.js';
import { scratchFolder } from '../../testing/scratch.js';
import { repoRoot, sharedData } from '../../testing/shared-data.js';
import { ActionSwitch } from '../action-switch.js';
import { OPEN_HAND_VIDEO, testServerOptions } from '../testing/test-server.js';
import type { FrameSummary } from '../ws/protocol.js';
import { SessionService } from './session-service.js';

const HAGRID = sharedData('hagrid-tiles');

/** Runs a file session of `project` on `path` to its end; returns what the dashboard got and what the project saw, frame by frame. */
async function playSession(service: SessionService, path: string, project: string): Promise<{ summary: FrameSummary; event: FrameEvent }[]> {
  const frames: { summary: FrameSummary; event: FrameEvent }[] = [];
  const onFrame = (_session: unknown, summary: FrameSummary, event: FrameEvent): void => void frames.push({ summary, event });
  service.on('frame', onFrame);
  try {
    const session = await service.start({ type: 'file', path, realtime: false }, project);
    await new Promise<void>((resolve) => service.on('ended', (ended) => ended.id === session.id && resolve()));
  } finally {
    service.off('frame', onFrame);
  }
  return frames;
}

describe('the dashboard shows what the project sees: one inference engine per frame', () => {
  const scratch = scratchFolder('handflow-one-engine-');
  const gestures = join(scratch.path, 'shown.gestures.json');
  let service: SessionService;
  before(async () => {
    const handflow = (...args: string[]) => promisify(execFile)(process.execPath, [join(repoRoot, 'bin', 'handflow.js'), 'gestures', ...args, '--file', gestures]);
    await handflow('record', 'rock', '--source', join(HAGRID, 'rock.png'));
    await handflow('record', 'call', '--source', join(HAGRID, 'call.png'));
    await handflow('train');
    const options = await testServerOptions();
    const config = {
      ...options.config,
      projects: { 'custom-calls': { description: 'acts on a custom gesture', classifiers: ['finger_count' as const], customGestures: gestures, actions: [] } },
    };
    service = new SessionService({
      config,
      sourceAccess: { folders: [HAGRID, join(sharedData(OPEN_HAND_VIDEO), '..')], streamHosts: StreamHosts.ANY },
      gesturesFile: gestures,
      maxSessions: 2,
      firstFrameWaitMs: 30_000,
      projects: new ProjectCatalogue(config, join(scratch.path, 'handflow.config.json')),
      actions: new ActionSwitch(),
      logger: options.logger,
    });
  });
  after(() => service.close());

  it('finger-counter on a real video: every frame shows the finger count and poses of its results, and each count event its count', async () => {
    const frames = await playSession(service, sharedData(OPEN_HAND_VIDEO), 'finger-counter');
    assert.ok(frames.length > 50, `${frames.length} frames`);
    let countEvents = 0;
    for (const { summary, event } of frames) {
      const counted = resultOf(event.inference, 'finger_count')?.raw_output.hands ?? [];
      const posed = resultOf(event.inference, 'static')?.raw_output.hands ?? [];
      assert.deepEqual(summary.hands.map((hand) => hand.fingers), counted.map((hand) => hand.fingers), `frame ${summary.frameNumber}`);
      assert.deepEqual(summary.hands.map((hand) => hand.gesture), posed.map((hand) => hand.gesture), `frame ${summary.frameNumber}`);
      for (const started of event.inference?.events.filter((gesture) => gesture.type === 'started') ?? []) {
        assert.equal(started.classifier, 'finger_count', 'only the project\'s own classifier reports gestures');
        assert.equal(started.fingerCount, summary.fingerCount, `frame ${summary.frameNumber}: the event's count is the count shown`);
        countEvents += 1;
      }
    }
    assert.ok(countEvents >= 1, 'the video holds up a count long enough to start it');
  });

  it('a project with custom gestures: the custom gesture shown is the one its results hold', async () => {
    const frames = await playSession(service, HAGRID, 'custom-calls');
    assert.ok(frames.length >= 10, `${frames.length} frames`);
    const shown = new Set<string>();
    for (const { summary, event } of frames) {
      const custom = resultOf(event.inference, 'custom')?.raw_output.hands ?? [];
      assert.deepEqual(summary.hands.map((hand) => hand.custom), custom.map((hand) => (hand.gesture === 'none' ? null : hand.gesture)), `frame ${summary.frameNumber}`);
      for (const hand of summary.hands) if (hand.custom !== null) shown.add(hand.custom);
    }
    assert.ok(shown.has('rock') && shown.has('call'), `shown: ${[...shown].join(', ')}`);
  });
});
