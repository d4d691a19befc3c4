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
  writeFileSync(script, `#!/bin/sh\nprintf '${output}\\n'\nexit ${status}\n`);
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
  it('prefers an ffmpeg on PATH that is newer than the bundled one', () => {
    const dir = fakeFfmpegDir('newer', 'ffmpeg version 7.1\nlibavformat    61.  7.100 / 61.  7.100', 0);
    assert.deepEqual(findFfmpeg(`/nonexistent:${dir}`, bundled), {
      path: join(dir, 'ffmpeg'),
      version: { name: '7.1', libavformat: [61, 7, 100] },
      bundled: false,
    });
  });

  it('keeps an ffmpeg on PATH whose age it cannot tell', () => {
    const dir = fakeFfmpegDir('unknown', 'ffmpeg version fake', 0);
    assert.equal(findFfmpeg(dir, bundled).path, join(dir, 'ffmpeg'));
  });

  it('takes the bundled binary when it is newer than the one on PATH', () => {
    const dir = fakeFfmpegDir('older', 'ffmpeg version 3.4.8\nlibavformat    57. 83.100 / 57. 83.100', 0);
    const found = findFfmpeg(dir, bundled);
    assert.equal(found.path, bundled);
    assert.equal(found.bundled, true);
    assert.equal(found.version.year, 2018);
  });

  it('falls back to the bundled binary when PATH has none or a broken one', () => {
    assert.equal(findFfmpeg('/nonexistent', bundled).path, bundled);
    assert.equal(findFfmpeg(undefined, bundled).path, bundled);
    const broken = fakeFfmpegDir('broken', 'error while loading shared libraries', 127);
    assert.equal(findFfmpeg(broken, bundled).path, bundled);
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
