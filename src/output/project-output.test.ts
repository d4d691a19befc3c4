import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pino } from 'pino';
import { findProject } from '../projects/projects.js';
import { EventDispatcher } from './events/event-dispatcher.js';
import type { OutputEvent } from './events/output-event.js';
import { ProjectOutput } from './project-output.js';
import type { DryRunEntry } from './system/dry-run.js';
import { handPose, SyntheticRun } from './testing/synthetic-frames.js';

const silent = pino({ level: 'silent' });

/** A swipe across the frame at 30 fps, from rest to rest: the wrist from x 100 to 540. */
const SWIPE = [100, 100, 100, 160, 220, 280, 340, 400, 460, 520, 540, 540, 540];

describe('ProjectOutput', () => {
  test('a listener that throws and one that never resolves stop neither the events to the others nor the actions', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const dispatcher = new EventDispatcher({ listenerTimeoutMs: 2000 });
    const healthy: OutputEvent[] = [];
    const broadcast: OutputEvent[] = [];
    dispatcher.addListener(() => {
      throw new Error('listener bug');
    }, 'throws');
    dispatcher.addListener(() => new Promise<void>(() => {}), 'hangs');
    dispatcher.addListener((event) => void healthy.push(event), 'healthy');
    dispatcher.setBroadcastHandler((event) => void broadcast.push(event));
    const taps: DryRunEntry[] = [];
    const project = findProject('presentation-control');
    const output = new ProjectOutput({ project, dispatcher, logger: silent, dryRun: true, onDryRun: (entry) => taps.push(entry) });
    await output.actions.arm();
    const run = new SyntheticRun(project.classifiers);
    let time = 0;
    for (const round of [0, 1]) {
      const path = round === 0 ? SWIPE : [...SWIPE].reverse();
      for (const x of path) output.write(run.frame((time += 33), handPose('11111', { x, y: 400 })));
      for (let i = 0; i < 30; i++) output.write(run.frame((time += 33))); // no hand for a second
    }
    await output.actions.idle();
    const swipes = healthy.filter((event) => event.type === 'gesture_detected').map((event) => event.data.gesture_type);
    assert.deepEqual([...swipes].sort(), ['swipe_left', 'swipe_right']);
    assert.deepEqual(broadcast, healthy, 'the broadcast handler saw the same');
    assert.deepEqual(taps.map((entry) => entry.args[0]).sort(), ['left', 'right'], 'both keys pressed (dry run)');
    await output.actions.close(); // its 'disarmed' event, too, goes to the hanging listener
    t.mock.timers.tick(2000);
    await output.close();
    const stats = Object.fromEntries(dispatcher.stats.listeners.map((entry) => [entry.name, entry]));
    assert.equal(stats['throws']?.failed, healthy.length);
    assert.equal(stats['hangs']?.timedOut, healthy.length);
    assert.equal(stats['healthy']?.delivered, healthy.length);
  });

  test('sends gesture changes, not a copy a frame; the continuous values are in latest', async () => {
    const dispatcher = new EventDispatcher();
    const events: OutputEvent[] = [];
    dispatcher.addListener((event) => void events.push(event));
    const output = new ProjectOutput({ project: findProject('finger-counter'), dispatcher, logger: silent });
    const run = new SyntheticRun(['finger_count']);
    for (let frame = 0; frame < 30; frame++) output.write(run.frame(frame * 33, handPose(frame < 15 ? '01100' : '01110')));
    await output.close();
    assert.deepEqual(
      events.map((event) => `${event.type} ${event.type === 'state_changed' || event.type === 'error' ? '' : 'finger_count' in event.data ? event.data.finger_count : ''}`),
      ['gesture_started 2', 'gesture_ended 2', 'gesture_started 3'],
    );
    assert.equal(output.latest?.results[0]?.finger_count, 3);
    assert.equal(output.latest?.timestampMs, 29 * 33);
  });
});
