import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import { HandflowError } from '../core/errors.js';
import { findFfmpeg, resolveFfmpegPath } from './ffmpeg-binary.js';

const bundled = (createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string }).path;
const scratch = mkdtempSync(join(tmpdir(), 'handflow-ffmpeg-bin-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A folder holding a fake `ffmpeg` shell script that prints `output` and exits with `status`. */
function fakeFfmpegDir(name: string, output: string, status: number): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  const script = join(dir, 'ffmpeg');
  writeFileSync(script, `#!/bin/sh\necho '${output}'\nexit ${status}\n`);
  chmodSync(script, 0o755);
  return dir;
}

describe('resolveFfmpegPath', () => {
  it('finds an ffmpeg that runs, and caches it', () => {
    const first = resolveFfmpegPath();
    const version = spawnSync(first, ['-hide_banner', '-version'], { encoding: 'latin1' });
    assert.equal(version.status, 0);
    assert.match(version.stdout, /ffmpeg version/);
    assert.equal(resolveFfmpegPath(), first);
  });
});

describe('findFfmpeg', { skip: process.platform === 'win32' && 'uses shell scripts as fake ffmpeg' }, () => {
  it('prefers a working ffmpeg on PATH over the bundled one', () => {
    const dir = fakeFfmpegDir('good', 'ffmpeg version fake', 0);
    assert.equal(findFfmpeg(`/nonexistent:${dir}`, bundled), join(dir, 'ffmpeg'));
  });

  it('falls back to the bundled binary when PATH has none or a broken one', () => {
    assert.equal(findFfmpeg('/nonexistent', bundled), bundled);
    assert.equal(findFfmpeg(undefined, bundled), bundled);
    const broken = fakeFfmpegDir('broken', 'error while loading shared libraries', 127);
    assert.equal(findFfmpeg(broken, bundled), bundled);
  });

  it('throws FFMPEG_NOT_FOUND with install advice when nothing runs', () => {
    const broken = fakeFfmpegDir('broken2', 'nope', 1);
    assert.throws(
      () => findFfmpeg(broken, join(scratch, 'missing-ffmpeg')),
      (error: unknown) =>
        error instanceof HandflowError &&
        error.code === 'FFMPEG_NOT_FOUND' &&
        /install/i.test(error.message) &&
        error.message.includes(join(broken, 'ffmpeg')),
    );
    assert.throws(() => findFfmpeg('', undefined), { code: 'FFMPEG_NOT_FOUND' });
  });
});
