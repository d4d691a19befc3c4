import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { test } from 'node:test';

import { scratchFolder } from '../testing/scratch.js';
import { ensureOnnxModel } from './model-store.js';

test('converting a model removes the earlier conversions of that model and precision, and nothing else', async () => {
  const folder = scratchFolder('handflow-model-store-');
  const unrelated = ['palm_detection_full.0123456789ab.onnx', 'hand_landmark_full.int8.0123456789ab.onnx', 'notes.txt'];
  for (const name of [...unrelated, 'palm_detection_lite.0123456789ab.onnx', 'palm_detection_lite.fedcba987654.onnx']) folder.file(name, 'old');

  const converted = await ensureOnnxModel('palm_detection_lite', folder.path);

  assert.deepEqual(readdirSync(folder.path).sort(), [...unrelated, basename(converted)].sort());
  // Asked again, the conversion is found where it is.
  assert.equal(await ensureOnnxModel('palm_detection_lite', folder.path), converted);
});

test('a converted model is readable by other users, as a shared cache must be (it holds no secret)', async () => {
  const folder = scratchFolder('handflow-model-store-mode-');
  const umask = process.umask(0o022);
  try {
    const converted = await ensureOnnxModel('palm_detection_lite', folder.path);
    assert.equal((statSync(converted).mode & 0o777).toString(8), '644');
  } finally {
    process.umask(umask);
  }
});
