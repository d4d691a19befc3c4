import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { scratchFolder } from '../testing/scratch.js';
import { expandInputs } from './input-files.js';

describe('expandInputs', () => {
  const scratch = scratchFolder('handflow-inputs-');
  const inside = join(scratch.path, 'inside');
  const outside = join(scratch.path, 'outside');
  mkdirSync(join(inside, 'sub'), { recursive: true });
  mkdirSync(outside);
  scratch.file('inside/a.jpg', '');
  scratch.file('inside/sub/b.png', '');
  scratch.file('inside/notes.txt', '');
  scratch.file('outside/secret.jpg', '');
  symlinkSync('..', join(inside, 'sub', 'up'));
  symlinkSync(join(outside, 'secret.jpg'), join(inside, 'linked.jpg'));
  symlinkSync(outside, join(inside, 'elsewhere'));

  it('follows links anywhere for the local user, each folder once, so a link back up ends', async () => {
    const { files, problems } = await expandInputs([inside]);
    assert.deepEqual(
      files.map((file) => file.path.slice(inside.length + 1)),
      ['a.jpg', 'elsewhere/secret.jpg', 'linked.jpg', 'sub/b.png'],
    );
    assert.deepEqual(problems, []);
  });

  it('skips and reports a folder it may not read, walking the rest (a lost+found among the photos)', async () => {
    const photos = join(scratch.path, 'photos');
    for (const folder of ['a', 'lost+found', 'c']) mkdirSync(join(photos, folder), { recursive: true });
    for (const file of ['a/1.jpg', 'lost+found/2.jpg', 'c/3.jpg']) scratch.file(`photos/${file}`, '');
    chmodSync(join(photos, 'lost+found'), 0);
    // Root reads any folder: the walk is done as nobody, the folders on the way open to all.
    const asRoot = process.geteuid?.() === 0;
    for (const folder of [scratch.path, photos, join(photos, 'a'), join(photos, 'c')]) chmodSync(folder, 0o755);
    if (asRoot) process.seteuid!(65534);
    try {
      const { files, problems } = await expandInputs([photos]);
      assert.deepEqual(files.map((file) => file.path.slice(photos.length + 1)), ['a/1.jpg', 'c/3.jpg']);
      assert.deepEqual(problems, [{ path: join(photos, 'lost+found'), message: 'a folder that cannot be read (EACCES)' }]);
    } finally {
      if (asRoot) process.seteuid!(0);
    }
  });

  it('within folders, skips and reports the links leading out without reading them', async () => {
    const { files, problems } = await expandInputs([inside], { within: [inside] });
    assert.deepEqual(files.map((file) => file.path.slice(inside.length + 1)), ['a.jpg', 'sub/b.png']);
    assert.deepEqual(problems.map((problem) => problem.path.slice(inside.length + 1)), ['elsewhere', 'linked.jpg']);
    assert.match(problems[0]!.message, /outside the folders/);
  });

  it('within folders, refuses a path given outside them', async () => {
    const { files, problems } = await expandInputs([join(outside, 'secret.jpg')], { within: [inside] });
    assert.deepEqual(files, []);
    assert.match(problems[0]!.message, /outside the folders/);
  });
});
