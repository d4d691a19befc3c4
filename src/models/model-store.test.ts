import assert from 'node:assert/strict';
import { chmodSync, chownSync, readdirSync, statSync } from 'node:fs';
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

test('a conversion another user could have written or replaced is not used, naming why and what to do', async () => {
  const folder = scratchFolder('handflow-model-store-shared-');
  const converted = await ensureOnnxModel('palm_detection_lite', folder.path);
  const refused = (why: string) => ({ code: 'MODEL_LOAD_FAILED', message: `the converted model ${converted} is not trusted: ${why}. Set HANDFLOW_MODEL_DIR to a folder of your own: models are converted there on first use` });
  chmodSync(converted, 0o666);
  await assert.rejects(ensureOnnxModel('palm_detection_lite', folder.path), refused('any user may write to it'));
  chmodSync(converted, 0o644);
  chmodSync(folder.path, 0o777);
  await assert.rejects(ensureOnnxModel('palm_detection_lite', folder.path), refused('any user may replace the files in its folder'));
  chmodSync(folder.path, 0o1777); // as /tmp: only a file's owner may replace it
  assert.equal(await ensureOnnxModel('palm_detection_lite', folder.path), converted);
  // Only root can give a file to another user; CI runs as root.
  if (process.getuid?.() === 0) {
    chownSync(converted, 4321, 4321);
    await assert.rejects(ensureOnnxModel('palm_detection_lite', folder.path), refused('it belongs to another user (uid 4321)'));
  }
});
