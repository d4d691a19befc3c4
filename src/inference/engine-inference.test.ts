import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { scratchFolder } from '../testing/scratch.js';
import { emptyGesturesFile, writeGesturesFile, type GesturesFile } from './custom/gestures-file.js';
import { trainGestures } from './custom/train-gestures.js';
import { EngineInference } from './engine-inference.js';
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
