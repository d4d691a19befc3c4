import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';

import { HandLandmarker } from '../extraction/hand-landmarker.js';
import { scratchFolder } from '../testing/scratch.js';
import { repoRoot, sharedData } from '../testing/shared-data.js';
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

test('handflow bench refuses a video or photos it cannot find at once, before minutes of measuring', () => {
  const empty = scratchFolder('handflow-bench-empty-').path;
  const cases: [string[], RegExp][] = [
    [['--images', '/nonexistent/photos'], /^handflow bench: no \/nonexistent\/photos here \(.*\): give another with --images FOLDER$/m],
    [['--video', '/nonexistent/clip.mp4'], /^handflow bench: no \/nonexistent\/clip\.mp4 here \(.*\): give another with --video PATH$/m],
    [['--images', empty], /^handflow bench: .* holds no photos to measure: give a folder of them with --images FOLDER$/m],
  ];
  for (const [args, message] of cases) {
    const { status, stderr } = spawnSync(process.execPath, [join(repoRoot, 'bin/handflow.js'), 'bench', ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 30_000 });
    assert.equal(status, 2, stderr);
    assert.match(stderr, message);
  }
});
