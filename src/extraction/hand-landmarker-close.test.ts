import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { decodeImageFile } from '../ingestion/image-decoder.js';
import { isHandflowError } from '../testing/handflow-error-assertion.js';
import { sharedData } from '../testing/shared-data.js';
import { HandLandmarker } from './hand-landmarker.js';

describe('HandLandmarker.close', () => {
  test('closing twice releases the models and the palm worker once; calls after it are refused with a clear error', async () => {
    const image = await decodeImageFile(sharedData('mediapipe-samples/thumb_up.jpg'));
    const landmarker = await HandLandmarker.create();
    assert.equal((await landmarker.detect(image)).handsDetected, 1);
    await landmarker.close();
    await landmarker.close();
    await assert.rejects(landmarker.detect(image), isHandflowError('MODEL_LOAD_FAILED', /HandLandmarker is closed/));
    await assert.rejects(landmarker.detectForVideo(image, 0), isHandflowError('MODEL_LOAD_FAILED', /HandLandmarker is closed/));
  });

  test('two closes at once both resolve', async () => {
    const landmarker = await HandLandmarker.create({ model: 'lite' });
    await Promise.all([landmarker.close(), landmarker.close()]);
  });
});
