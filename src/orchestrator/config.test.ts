import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import { ENV_SETTINGS, envName, loadConfig } from './config.js';

const scratch = mkdtempSync(join(tmpdir(), 'handflow-config-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('loadConfig', () => {
  it('gives the documented defaults with nothing set', async () => {
    const config = await loadConfig({ cwd: scratch, env: {} });
    assert.equal(config.project, 'finger-counter');
    assert.deepEqual(
      { ...config.capture, reconnect: undefined },
      { device: 0, width: 640, height: 480, fps: 30, bufferSize: 3, realtime: false, stallTimeoutMs: 10_000, reconnect: undefined },
    );
    assert.equal(config.capture.mirror, undefined, 'decided by the kind of source');
    assert.deepEqual(config.pipeline, { metricsWindow: 300, slowStageMs: 30, maxConsecutiveFrameErrors: 25, sessionThreads: 'auto' });
    assert.deepEqual(config.cluster, { url: '', leaseMs: 5000, maxOpenStreams: 256, eventsMaxAgeHours: 24, eventsMaxMegabytes: 1024 });
    assert.deepEqual(config.uploads, { maxFileBytes: 512 * 1024 * 1024, maxTotalBytes: 2 * 1024 * 1024 * 1024, maxAgeMinutes: 60, deleteAfterSession: true });
    assert.equal(config.log.level, 'silent');
  });

  it('layers defaults < file < environment < flags', async () => {
    const file = join(scratch, 'layers.json');
    writeFileSync(file, JSON.stringify({ capture: { fps: 15, bufferSize: 5, width: 320 }, log: { level: 'info' } }));
    const config = await loadConfig({
      file,
      env: { HANDFLOW_CAPTURE_FPS: '20', HANDFLOW_CAPTURE_BUFFER_SIZE: '6', HANDFLOW_CAPTURE_MIRROR: 'true' },
      flags: { capture: { bufferSize: 7 } },
    });
    assert.deepEqual(
      [config.capture.width, config.capture.fps, config.capture.bufferSize, config.capture.mirror, config.log.level, config.capture.height],
      [320, 20, 7, true, 'info', 480],
    );
  });

  it('puts a command\'s own defaults beneath the file and the environment (a server logs at info unless they say)', async () => {
    const file = join(scratch, 'server-log.json');
    writeFileSync(file, JSON.stringify({ log: { level: 'warn' } }));
    const defaults = { log: { level: 'info' } };
    assert.equal((await loadConfig({ cwd: scratch, env: {}, defaults })).log.level, 'info');
    assert.equal((await loadConfig({ file, env: {}, defaults })).log.level, 'warn');
    assert.equal((await loadConfig({ file, env: { HANDFLOW_LOG_LEVEL: 'error' }, defaults })).log.level, 'error');
    await assert.rejects(loadConfig({ file, env: { HANDFLOW_LOG_LEVEL: 'verbose' }, defaults }), /log\.level .*\(from HANDFLOW_LOG_LEVEL\)/);
  });

  it('reads a config file saved with a byte order mark (as Windows Notepad saves UTF-8)', async () => {
    const file = join(scratch, 'notepad.json');
    writeFileSync(file, `\uFEFF${JSON.stringify({ capture: { fps: 12 } })}`);
    assert.equal((await loadConfig({ file, env: {} })).capture.fps, 12);
  });

  it('reads handflow.config.json from the working folder', async () => {
    const folder = join(scratch, 'project');
    mkdirSync(folder);
    writeFileSync(join(folder, 'handflow.config.json'), '{"extraction": {"model": "lite"}}');
    assert.equal((await loadConfig({ cwd: folder, env: {} })).extraction.model, 'lite');
  });

  it('reads one found in the working folder only when it is this user\'s alone; one named with --config whatever its owner', async () => {
    const folder = join(scratch, 'shared');
    mkdirSync(folder);
    const planted = join(folder, 'handflow.config.json');
    writeFileSync(planted, '{"output": {"allowCommands": true}}');
    chmodSync(planted, 0o666);
    const refusal = (why: string) => ({ code: 'INVALID_OPTION', message: `the config file ${planted} was not read: ${why}. A config file can allow commands and name a cluster, so one found in the current folder is read only when it is yours and no one else may write to it: give it with --config if you trust it, or run handflow from a folder of your own` });
    await assert.rejects(loadConfig({ cwd: folder, env: {} }), refusal('any user may write to it'));
    assert.equal((await loadConfig({ file: planted, env: {} })).output.allowCommands, true, 'named, it is read');
    chmodSync(planted, 0o644);
    assert.equal((await loadConfig({ cwd: folder, env: {} })).output.allowCommands, true, 'its owner\'s alone, it is read');
    // Only root can give a file to another user; CI runs as root.
    if (process.getuid?.() === 0) {
      chownSync(planted, 4321, 4321);
      await assert.rejects(loadConfig({ cwd: folder, env: {} }), refusal('it belongs to another user (uid 4321)'));
    }
  });

  it('names the wrong setting and where it came from', async () => {
    await assert.rejects(loadConfig({ cwd: scratch, env: { HANDFLOW_CAPTURE_FPS: 'fast' } }), {
      code: 'INVALID_OPTION',
      message: 'invalid setting: capture.fps expected number, not "fast" (from HANDFLOW_CAPTURE_FPS)',
    });
    // What was given is repeated, but never a password's.
    const secret = join(scratch, 'secret.json');
    writeFileSync(secret, '{"cluster": {"password": 271828}}');
    await assert.rejects(loadConfig({ file: secret, env: {} }), (error: Error) => {
      assert.match(error.message, /^invalid setting: cluster\.password expected string, received number \(from .*secret\.json\)$/);
      assert.doesNotMatch(error.message, /271828/);
      return true;
    });
    const file = join(scratch, 'typo.json');
    writeFileSync(file, '{"capture": {"buffersize": 4}}');
    await assert.rejects(loadConfig({ file, env: {} }), { message: /capture\.buffersize is not a known setting \(from .*typo\.json\)/ });
    await assert.rejects(loadConfig({ cwd: scratch, env: {}, flags: { capture: { bufferSize: 0 } }, flagOrigins: { 'capture.bufferSize': '--buffer' } }), {
      message: /capture\.bufferSize Too small: expected number to be >=1 \(from --buffer\)/,
    });
    await assert.rejects(loadConfig({ cwd: scratch, env: { HANDFLOW_EXTRACTION_MAX_HANDS: '40' } }), {
      message: /extraction\.maxHands must be a whole number from 1 to 10, not 40 \(from HANDFLOW_EXTRACTION_MAX_HANDS\)/,
    });
  });

  it('says what is wrong with an unreadable config file', async () => {
    const bad = join(scratch, 'bad.json');
    writeFileSync(bad, '{ not json');
    await assert.rejects(loadConfig({ file: bad, env: {} }), { message: /bad\.json is not valid JSON/ });
    await assert.rejects(loadConfig({ file: join(scratch, 'missing.json'), env: {} }), { message: /cannot read the config file .*missing\.json/ });
  });

  it('refuses a config file that is no file of settings at once: a named pipe, a device, a folder, a huge or a deeply nested file', async () => {
    const pipe = join(scratch, 'pipe.json');
    execFileSync('mkfifo', [pipe]);
    const huge = join(scratch, 'huge.json');
    writeFileSync(huge, JSON.stringify({ capture: { note: 'x'.repeat(5 * 1024 * 1024) } }));
    const deep = join(scratch, 'deep.json');
    writeFileSync(deep, `{"capture":${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}`);
    const refusals: [string, RegExp][] = [
      [pipe, /pipe\.json: it is not a regular file; give a JSON file of settings/],
      ['/dev/zero', /\/dev\/zero: it is not a regular file/],
      [scratch, /: it is a folder/],
      [huge, /huge\.json: it holds \d+ bytes, more than a config file's 4194304/],
      [deep, /deep\.json nests objects or lists more than 32 deep, which no setting is/],
    ];
    for (const [file, message] of refusals) await assert.rejects(loadConfig({ file, env: {} }), { code: 'INVALID_OPTION', message }, file);
  });

  it('sets every single-valued setting from the environment, the inference section included, with its range', async () => {
    for (const path of ['capture.fps', 'extraction.maxHands', 'inference.swipe.minDistance', 'inference.debounce.minHoldFrames', 'output.dryRun', 'log.level']) {
      assert.ok(ENV_SETTINGS.includes(path), `${path} has an environment variable`);
    }
    assert.ok(!ENV_SETTINGS.some((path) => path.startsWith('projects')), 'projects are set in the file only');
    const config = await loadConfig({ cwd: scratch, env: { HANDFLOW_INFERENCE_SWIPE_MIN_DISTANCE: '3.5', HANDFLOW_INFERENCE_PINCH_START: '0.1' } });
    assert.deepEqual([config.inference.swipe.minDistance, config.inference.pinch.start, config.inference.debounce.minHoldFrames], [3.5, 0.1, 3]);
    await assert.rejects(loadConfig({ cwd: scratch, env: { HANDFLOW_INFERENCE_DEBOUNCE_MIN_HOLD_FRAMES: '0' } }), {
      message: /inference\.debounce\.minHoldFrames Too small: expected number to be >=1 \(from HANDFLOW_INFERENCE_DEBOUNCE_MIN_HOLD_FRAMES\)/,
    });
    await assert.rejects(loadConfig({ cwd: scratch, env: { HANDFLOW_EXTRACTION_MIN_DETECTION_CONFIDENCE: '2' } }), {
      message: /extraction\.minDetectionConfidence must be a number from 0 to 1, not 2 \(from HANDFLOW_EXTRACTION_MIN_DETECTION_CONFIDENCE\)/,
    });
  });

  it('derives environment names from setting paths', () => {
    assert.equal(envName('capture.reconnect.maxAttempts'), 'HANDFLOW_CAPTURE_RECONNECT_MAX_ATTEMPTS');
    assert.equal(envName('log.level'), 'HANDFLOW_LOG_LEVEL');
  });
});
