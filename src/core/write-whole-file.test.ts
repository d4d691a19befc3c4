import assert from 'node:assert/strict';
import { chmodSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';

import { scratchFolder } from '../testing/scratch.js';
import { writeWholeFile } from './write-whole-file.js';

const permissions = (path: string): number => statSync(path).mode & 0o777;

describe('writeWholeFile', () => {
  const folder = scratchFolder('handflow-write-whole-file-');
  // The most open umask, so a mode that comes out narrow was narrowed by writeWholeFile itself.
  let umask = 0;
  beforeEach(() => {
    umask = process.umask(0);
  });
  afterEach(() => {
    process.umask(umask);
  });

  it('keeps the mode of the file it replaces: a private file stays private', async () => {
    const config = folder.file('private.json', '{}');
    chmodSync(config, 0o600);
    await writeWholeFile(config, '{"projects":{}}\n');
    assert.equal(permissions(config).toString(8), '600');
    assert.equal(readFileSync(config, 'utf8'), '{"projects":{}}\n');
  });

  it('keeps a mode the umask would narrow, as its owner set it', async () => {
    const shared = folder.file('shared.json', '{}');
    chmodSync(shared, 0o664);
    process.umask(0o077);
    await writeWholeFile(shared, '{}\n');
    assert.equal(permissions(shared).toString(8), '664');
  });

  it('creates a new file readable by its owner only, unless told otherwise', async () => {
    const created = join(folder.path, 'new.json');
    await writeWholeFile(created, '{}\n');
    assert.equal(permissions(created).toString(8), '600');
    const model = join(folder.path, 'model.onnx');
    await writeWholeFile(model, new Uint8Array([1, 2, 3]), { newFileMode: 0o644 });
    assert.equal(permissions(model).toString(8), '644');
  });

  it('leaves no temporary file behind', () => {
    assert.deepEqual(readdirSync(folder.path).filter((name) => name.endsWith('.tmp')), []);
  });
});
