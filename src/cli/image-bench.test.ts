import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, test } from 'node:test';

import { HandLandmarker } from '../extraction/hand-landmarker.js';
import { scratchFolder } from '../testing/scratch.js';
import { sharedData } from '../testing/shared-data.js';
import { benchImages, formatImageBench } from './image-bench.js';

const landmarker = await HandLandmarker.create({ model: 'lite' });
after(() => landmarker.close());

test('the still-image bench skips photos it cannot read and names them, measuring the others', async () => {
  const folder = scratchFolder('handflow-image-bench-');
  const hands = readFileSync(sharedData('landmarks-reference/hands.jpg'));
  folder.file('a-hands.jpg', hands);
  // Truncated right after the photo before it decodes, so its failure is in flight while that one is analysed.
  const truncated = folder.file('b-truncated.jpg', hands.subarray(0, 3000));
  const garbage = folder.file('c-garbage.jpg', 'not a photo');
  folder.file('d-empty.jpg', readFileSync(sharedData('finger-count-epsrc/testing_set/0/imbk.jpg')));

  const figures = await benchImages(landmarker, folder.path);

  assert.equal(figures.photos, 4);
  assert.deepEqual(figures.unreadable, [truncated, garbage]);
  assert.equal(figures.withHands, 1);
  assert.match(formatImageBench(figures), /4 photos, [\d.]+ images\/s .*hands in 1; 2 unreadable, skipped \(.*b-truncated\.jpg, .*c-garbage\.jpg\)$/);
});
