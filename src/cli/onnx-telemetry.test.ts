import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

import { repoRoot, sharedData } from '../testing/shared-data.js';

const CLI = join(repoRoot, 'bin', 'handflow.js');
const PHOTO = sharedData('finger-count-epsrc/testing_set/2/two_40.jpg');
/** Where ONNX Runtime's telemetry keeps its events, under the home folder. */
const TELEMETRY_STORE = ['.cache', 'Microsoft', 'DeveloperTools'];

const homes: string[] = [];
after(() => {
  for (const home of homes) rmSync(home, { recursive: true, force: true });
});

/** `handflow analyze` on `inputs` with a home folder of its own, and whether ONNX Runtime's telemetry wrote there. */
function analyzeWithOwnHome(inputs: string[], env: Record<string, string> = {}) {
  const home = mkdtempSync(join(tmpdir(), 'handflow-home-'));
  homes.push(home);
  const result = spawnSync(process.execPath, [CLI, 'analyze', '--workers', '1', ...inputs], {
    env: { PATH: process.env['PATH'] ?? '', HOME: home, ...env },
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  return { ...result, telemetryStored: existsSync(join(home, ...TELEMETRY_STORE)) };
}

test("ONNX Runtime's telemetry is off: nothing about the machine or its command line is stored", () => {
  const { status, signal, stdout, stderr, telemetryStored } = analyzeWithOwnHome([PHOTO]);
  assert.equal(signal, null);
  assert.equal(status, 0, stderr);
  assert.match(stdout, /two_40\.jpg: 1 hand\(s\)/);
  assert.equal(telemetryStored, false);
});

test('a user who turns the telemetry on keeps that choice (and this test can see it)', () => {
  const { status, stderr, telemetryStored } = analyzeWithOwnHome([PHOTO], { ORT_DISABLE_TELEMETRY: '0' });
  assert.equal(status, 0, stderr);
  assert.equal(telemetryStored, true);
});

test('a command line of 45 KB (a shell glob over many photos) is analysed, not a crash', () => {
  // With the telemetry on, ONNX Runtime 1.30 scrubbing a command line this long overflowed the stack (SIGSEGV).
  const missing = Array.from({ length: 1000 }, (_, index) => join(tmpdir(), 'handflow-no-such-photos', `photo-${String(index).padStart(5, '0')}.jpg`));
  const { status, signal, stdout, stderr } = analyzeWithOwnHome([PHOTO, ...missing]);
  assert.equal(signal, null, 'the process was not killed');
  assert.equal(status, 1, stderr.slice(-500));
  assert.match(stdout, /two_40\.jpg: 1 hand\(s\)/);
  assert.match(stderr, /1000 of 1001 inputs failed/);
});
