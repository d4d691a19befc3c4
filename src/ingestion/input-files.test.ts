import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync } from 'node:fs';
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
