import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { findProject } from '../../projects/projects.js';
import { missingTools } from '../../testing/required-tools.js';
import { SoundServer } from '../../testing/sound-server.js';
import { EventDispatcher } from '../events/event-dispatcher.js';
import type { OutputEvent, OutputEventOf } from '../events/output-event.js';
import { ProjectOutput } from '../project-output.js';
import { handPose, SyntheticRun, withThumbGap } from '../testing/synthetic-frames.js';
import { realSystemControls } from './system-controls.js';
import { volumeFromPinch } from './volume-mapping.js';

const sinkVolume = async (sound: SoundServer): Promise<number> => Number(/(\d+)%/.exec(await sound.pactl('get-sink-volume', '@DEFAULT_SINK@'))?.[1]);
const sinkMuted = async (sound: SoundServer): Promise<boolean> => /Mute: yes/.test(await sound.pactl('get-sink-mute', '@DEFAULT_SINK@'));

describe('the volume-control project on a real PulseAudio server (null sink, read back with pactl)', { skip: missingTools('pulseaudio', 'pactl') }, () => {
  let sound: SoundServer;
  let output: ProjectOutput;
  const events: OutputEvent[] = [];
  const run = new SyntheticRun(findProject('volume-control').classifiers);
  let t = 0;

  /** Shows a pose for some frames at 30 fps, each frame's actions done before the next; `engaged` as engagement says. */
  const show = async (frames: number, pose: ReturnType<typeof handPose>, engaged?: boolean): Promise<void> => {
    for (let i = 0; i < frames; i++, t += 33) {
      const frame = run.frame(t, pose);
      output.write(engaged === undefined ? frame : { ...frame, inference: { ...frame.inference!, engaged } });
      await output.actions.idle();
    }
  };
  const ofType = <T extends OutputEvent['type']>(type: T) => events.filter((event): event is OutputEventOf<T> => event.type === type);

  before(async () => {
    sound = await SoundServer.start();
    await sound.pactl('set-sink-volume', '@DEFAULT_SINK@', '37%');
    const dispatcher = new EventDispatcher();
    dispatcher.addListener((event) => void events.push(event));
    output = new ProjectOutput({ project: findProject('volume-control'), dispatcher, logger: pino({ level: 'silent' }), controls: realSystemControls({ env: sound.env }) });
  });
  after(async () => {
    await output?.close();
    await sound?.stop();
  });

  test('disarmed, a pinch changes nothing', async () => {
    await show(5, withThumbGap(handPose('11111'), 40));
    assert.equal(await sinkVolume(sound), 37);
    assert.deepEqual(ofType('volume_changed'), []);
  });

  test('armed, the sink volume follows the thumb-to-index distance, each change a volume_changed event', async () => {
    await output.actions.arm();
    for (const gap of [20, 45, 70, 10]) {
      await show(4, withThumbGap(handPose('11111'), gap)); // 4 frames: 132 ms, past the 100 ms rate limit
      const distance = output.latest?.results.find((result) => result.pinch_distance !== null)?.pinch_distance ?? Number.NaN;
      const expected = volumeFromPinch(distance, [0.15, 0.9]);
      assert.equal(await sinkVolume(sound), expected, `gap ${gap} px: pinch distance ${distance.toFixed(3)}`);
      assert.equal(ofType('volume_changed').at(-1)?.data.volume, expected);
    }
    const changes = ofType('volume_changed');
    assert.equal(changes[0]?.data.previous, null);
    assert.ok(changes.every((event) => event.data.cause === 'pinch_distance' && !event.data.muted));
    assert.ok(changes.length <= 5, `a still hand does not keep setting the volume: ${changes.length} changes over 16 frames`);
  });

  test('a fist mutes the sink while it is held, leaving the volume; opening the hand unmutes', async () => {
    const before = await sinkVolume(sound);
    await show(15, handPose('00000')); // held for the static pose's 400 ms
    assert.equal(await sinkMuted(sound), true);
    assert.equal(await sinkVolume(sound), before, 'the thumb on the index is no volume change');
    await show(6, withThumbGap(handPose('11111'), 300));
    assert.equal(await sinkMuted(sound), false);
    assert.deepEqual(ofType('volume_changed').filter((event) => event.data.cause === 'fist').map((event) => event.data.muted), [true, false]);
  });

  test('a fist let go after engagement lapsed (held past its idle time) still unmutes', async () => {
    await show(15, handPose('00000'), true);
    assert.equal(await sinkMuted(sound), true);
    await show(6, withThumbGap(handPose('11111'), 300), false);
    assert.equal(await sinkMuted(sound), false, 'the fist ended: its mute with it');
  });

  test('the sound server gone: one error event, and frames keep flowing', async () => {
    await sound.stop();
    const errorsBefore = ofType('error').length;
    await show(3, withThumbGap(handPose('11111'), 20));
    await show(3, withThumbGap(handPose('11111'), 60));
    const errors = ofType('error').slice(errorsBefore);
    assert.equal(errors.length, 1, 'the same failure is reported once, not every frame');
    assert.equal(errors[0]?.data.source, 'volume');
    assert.match(errors[0]?.data.message ?? '', /sound server|pactl/);
    assert.equal(output.latest?.timestampMs, t - 33, 'the output stage took every frame');
  });
});
