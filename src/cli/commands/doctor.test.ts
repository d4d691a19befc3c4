import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import { repoRoot } from '../../testing/shared-data.js';

const scratch = mkdtempSync(join(tmpdir(), 'handflow-doctor-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function doctor(env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [join(repoRoot, 'bin/handflow.js'), 'doctor'], {
    cwd: scratch,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    encoding: 'utf8',
  });
}

describe('handflow doctor', () => {
  it('checks node, ffmpeg, the models, cameras and settings', () => {
    const { status, stdout, stderr } = doctor();
    assert.equal(status, 0, stdout + stderr);
    const lines = stdout.trim().split('\n');
    assert.deepEqual(lines.map((line) => line.slice(5).split(/\s+/)[0]), ['node', 'ffmpeg', 'models', 'cameras', 'settings']);
    for (const name of ['node', 'ffmpeg', 'models', 'settings']) assert.match(stdout, new RegExp(`^ok   ${name} `, 'm'));
    assert.match(stdout, /^(ok   cameras +webcam:\d|warn cameras +no camera found: .+)/m);
    assert.match(stdout, /^ok   ffmpeg +\/\S+\/ffmpeg, ffmpeg \S+ \(libavformat \d+\.\d+\.\d+, \d{4}\)$/m);
  });

  it('warns when the ffmpeg in use is the old bundled build, naming it and what to install', () => {
    const { status, stdout, stderr } = doctor({ PATH: scratch });
    assert.equal(status, 0, stdout + stderr);
    assert.match(
      stdout,
      /^warn ffmpeg +\S+@ffmpeg-installer\S+\/ffmpeg, ffmpeg N-47683-g0e8eb07980-static \(libavformat 58\.24\.100, 2018\): this is the old build bundled with handflow, without years of security fixes .*apt install ffmpeg/m,
    );
  });

  it('fails on a wrong setting, saying which and where from', () => {
    const { status, stdout } = doctor({ HANDFLOW_CAPTURE_BUFFER_SIZE: '0' });
    assert.equal(status, 1);
    assert.match(stdout, /^fail settings +invalid setting: capture\.bufferSize .* \(from HANDFLOW_CAPTURE_BUFFER_SIZE\)$/m);
  });
});
