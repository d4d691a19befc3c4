import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import type { RgbImage } from '../core/image.js';
import { HandLandmarker } from '../extraction/hand-landmarker.js';
import { decodeImageFile } from '../ingestion/image-decoder.js';
import { scratchFolder } from '../testing/scratch.js';
import { sharedData } from '../testing/shared-data.js';
import { emptyGesturesFile, writeGesturesFile, type GesturesFile } from './custom/gestures-file.js';
import { poseFeatures } from './custom/hand-samples.js';
import { trainGestures } from './custom/train-gestures.js';
import { EngineInference } from './engine-inference.js';
import type { GestureEvent } from './gesture-events.js';
import type { InferenceEngine } from './inference-engine.js';

const GESTURES: GesturesFile = {
  ...emptyGesturesFile(),
  gestures: [
    { name: 'low', kind: 'static', samples: [[0, 0], [0, 0.1], [0.1, 0]] },
    { name: 'high', kind: 'static', samples: [[5, 5], [5, 5.1], [5.1, 5]] },
  ],
};

describe('EngineInference.reload', () => {
  const scratch = scratchFolder('handflow-engine-inference-');

  it('leaves a running session without the custom gestures of a file no longer trained, even a required one, saying why', async () => {
    const file = join(scratch.path, 'own.gestures.json');
    await writeGesturesFile(file, trainGestures(GESTURES));
    const reasons: string[] = [];
    const inference = await EngineInference.create({ engine: { classifiers: [] }, customGestures: { file, required: true, onUnavailable: (reason) => reasons.push(reason) } });
    assert.ok((Reflect.get(inference, 'engine') as InferenceEngine).classifiers.some((classifier) => classifier.name === 'custom'), 'the custom gestures run at first');
    // A gesture removed: the rest are as recorded, not trained since.
    await writeGesturesFile(file, { ...GESTURES, gestures: GESTURES.gestures.slice(1) });
    await inference.reload();
    assert.equal((Reflect.get(inference, 'engine') as InferenceEngine).classifiers.some((classifier) => classifier.name === 'custom'), false, 'no custom gestures now');
    assert.equal(reasons.length, 1);
    assert.match(reasons[0]!, /recorded since it was last trained: run "handflow gestures train"/);
  });
});

describe('EngineInference.reload on real hands', () => {
  const scratch = scratchFolder('handflow-engine-reload-');
  const file = join(scratch.path, 'own.gestures.json');
  let landmarker: HandLandmarker;
  const photos = new Map<string, RgbImage>();
  let frameMs = 0;

  before(async () => {
    landmarker = await HandLandmarker.create();
    for (const name of ['fist', 'peace', 'peace_inverted', 'one']) photos.set(name, await decodeImageFile(sharedData(`hagrid-tiles/${name}.png`)));
  });
  after(() => landmarker.close());

  /** A gestures file trained on the hands of real photos: each gesture's samples from its photos. */
  async function writeTrained(gestures: Record<string, string[]>): Promise<void> {
    const recorded = [];
    for (const [name, sources] of Object.entries(gestures)) {
      const samples = [];
      for (const source of sources) samples.push(poseFeatures((await landmarker.detect(photos.get(source)!)).hands[0]!));
      recorded.push({ name, kind: 'static' as const, samples });
    }
    await writeGesturesFile(file, trainGestures({ ...emptyGesturesFile(), gestures: recorded }));
  }

  /** One photo held before the camera for `frames` frames at 30 fps: the events they give. */
  async function hold(inference: EngineInference, photo: string, frames: number): Promise<GestureEvent[]> {
    const events: GestureEvent[] = [];
    landmarker.resetTracking();
    for (let frame = 0; frame < frames; frame++) {
      frameMs += 33;
      events.push(...inference.infer(await landmarker.detectForVideo(photos.get(photo)!, frameMs)).events);
    }
    return events;
  }

  it('keeps a built-in gesture held through a reload: it is not started again', async () => {
    await writeTrained({ peace: ['peace', 'peace_inverted'], point: ['one'] });
    const inference = await EngineInference.create({ engine: { classifiers: ['static'] }, customGestures: { file, required: false } });
    const before = await hold(inference, 'fist', 30);
    await writeTrained({ point: ['one'] });
    await inference.reload();
    const afterReload = await hold(inference, 'fist', 30);

    const fist = (events: GestureEvent[]) => events.filter((event) => event.classifier === 'static' && event.gesture === 'fist').map((event) => event.type);
    assert.deepEqual(fist(before), ['started'], 'the fist starts once held');
    assert.deepEqual(fist(afterReload), [], 'and is neither ended nor started again by the reload');
  });

  it('ends a custom gesture under way when the reloaded file no longer holds it', async () => {
    await writeTrained({ peace: ['peace', 'peace_inverted'], point: ['one'] });
    const inference = await EngineInference.create({ engine: { classifiers: [] }, customGestures: { file, required: false } });
    const held = await hold(inference, 'peace', 30);
    assert.deepEqual(held.map((event) => [event.type, event.classifier, event.name]), [['started', 'custom', 'peace']]);

    await writeTrained({ point: ['one'] });
    await inference.reload();
    const [first] = await hold(inference, 'peace', 1);
    assert.deepEqual(first && [first.type, first.classifier, first.name], ['ended', 'custom', 'peace'], 'told with the next frame');
  });

  it('keeps a custom gesture under way when the reloaded file still holds it: it is not started (and acted on) again', async () => {
    await writeTrained({ peace: ['peace', 'peace_inverted'], point: ['one'] });
    const inference = await EngineInference.create({ engine: { classifiers: [] }, customGestures: { file, required: false } });
    assert.deepEqual((await hold(inference, 'peace', 30)).map((event) => [event.type, event.name]), [['started', 'peace']]);
    // Another gesture recorded and the file trained again, while the hand still shows peace.
    await writeTrained({ peace: ['peace', 'peace_inverted'], point: ['one'], fist: ['fist'] });
    await inference.reload();
    assert.deepEqual(await hold(inference, 'peace', 30), []);
  });
});
