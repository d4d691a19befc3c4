import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import { missingTools } from '../../testing/required-tools.js';
import { repoRoot } from '../../testing/shared-data.js';
import { makeTestCertificate } from '../../testing/test-certificate.js';
import { NotificationBus } from '../../testing/notification-bus.js';
import { SoundServer } from '../../testing/sound-server.js';
import { XSession } from '../../testing/x-session.js';

const scratch = mkdtempSync(join(tmpdir(), 'handflow-doctor-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function doctor(env: Record<string, string> = {}, args: readonly string[] = []) {
  return spawnSync(process.execPath, [join(repoRoot, 'bin/handflow.js'), 'doctor', ...args], {
    cwd: scratch,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    encoding: 'utf8',
  });
}

/** `doctor` run without blocking this process's event loop, which the test's own servers need. */
function doctorAsync(env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin/handflow.js'), 'doctor'], { cwd: scratch, env: { PATH: process.env['PATH'] ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('handflow doctor', () => {
  it('checks node, ffmpeg, the models, cameras and settings', () => {
    const { status, stdout, stderr } = doctor();
    assert.equal(status, 0, stdout + stderr);
    const lines = stdout.trim().split('\n');
    assert.deepEqual(lines.map((line) => line.slice(5).split(/\s+/)[0]), ['node', 'ffmpeg', 'models', 'cameras', 'settings', 'pointer', 'volume', 'notify']);
    // Without a display, a sound server or a session bus, the actions that need them are warned of, not failed.
    assert.match(stdout, /^warn pointer +no X display \(DISPLAY is not set\): .*; mouse and keyboard actions cannot run here$/m);
    assert.match(stdout, /^warn volume +.+; volume actions cannot run here$/m);
    assert.match(stdout, /^warn notify +(no D-Bus session bus|notify-send is not installed)/m);
    for (const name of ['node', 'ffmpeg', 'models', 'settings']) assert.match(stdout, new RegExp(`^ok   ${name} `, 'm'));
    assert.match(stdout, /^(ok   cameras +webcam:\d|warn cameras +no camera found: .+)/m);
    assert.match(stdout, /^ok   ffmpeg +\/\S+\/ffmpeg, ffmpeg \S+ \(libavformat \d+\.\d+\.\d+, \d{4}\)$/m);
  });

  it('finds what the actions need where it is: an X display, a sound server, a session bus', { skip: missingTools('Xvfb', 'pulseaudio', 'pactl', 'dbus-daemon', 'notify-send') }, async () => {
    const x = await XSession.start({ eventWindow: false });
    const sound = await SoundServer.start();
    const bus = await NotificationBus.start({});
    try {
      const env = { DISPLAY: x.display, PULSE_SERVER: String(sound.env['PULSE_SERVER']), DBUS_SESSION_BUS_ADDRESS: String(bus.env['DBUS_SESSION_BUS_ADDRESS']) };
      const { status, stdout, stderr } = await doctorAsync(env);
      assert.equal(status, 0, stdout + stderr);
      assert.match(stdout, new RegExp(`^ok   pointer +mouse and keys through X display ${x.display.replace('.', '\\.')}$`, 'm'));
      assert.match(stdout, /^ok   volume +the volume can be read and set$/m);
      assert.match(stdout, /^ok   notify +notify-send on the session bus unix:/m);
    } finally {
      await bus.stop();
      await sound.stop();
      await x.stop();
    }
  });

  it('checks the config file given with --config, and refuses options it does not know', () => {
    const bad = join(scratch, 'given.json');
    writeFileSync(bad, '{"capture": {"fps": "fast"}}');
    const checked = doctor({}, ['--config', bad]);
    assert.equal(checked.status, 1, checked.stdout + checked.stderr);
    assert.match(checked.stdout, /^fail settings +invalid setting: capture\.fps .*\(from .*given\.json\)$/m);
    const unknown = doctor({}, ['--bogus']);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /^handflow doctor: Unknown option '--bogus'/);
  });

  it('warns when the ffmpeg in use is the old bundled build, naming it and what to install', () => {
    const { status, stdout, stderr } = doctor({ PATH: scratch });
    assert.equal(status, 0, stdout + stderr);
    assert.match(
      stdout,
      /^warn ffmpeg +\S+@ffmpeg-installer\S+\/ffmpeg, ffmpeg N-47683-g0e8eb07980-static \(libavformat 58\.24\.100, 2018\): this is the old build bundled with handflow, without years of security fixes .*apt install ffmpeg/m,
    );
  });

  it('says which certificates streams are checked against, and fails on a file that holds none, or one it cannot read', { skip: missingTools('openssl') }, () => {
    const certificate = makeTestCertificate(scratch, 'cams', 'DNS:cam1.lan').certFile;
    const checked = doctor({ HANDFLOW_CAPTURE_STREAM_CA_FILE: certificate });
    assert.equal(checked.status, 0, checked.stdout + checked.stderr);
    assert.match(checked.stdout, new RegExp(`^ok   settings +valid \\(.*; rtsps and https streams checked against ${certificate}\\)$`, 'm'));
    const empty = join(scratch, 'empty.pem');
    writeFileSync(empty, '');
    const failed = doctor({ HANDFLOW_CAPTURE_STREAM_CA_FILE: empty });
    assert.equal(failed.status, 1);
    assert.match(failed.stdout, /^fail settings +--stream-ca \S+empty\.pem \(capture\.streamCaFile\) holds no certificate: give a PEM file/m);
    // A second certificate whose text is damaged: TLS would skip it silently.
    const damaged = join(scratch, 'damaged.pem');
    writeFileSync(damaged, `${readFileSync(certificate, 'utf8')}-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n`);
    const unreadable = doctor({ HANDFLOW_CAPTURE_STREAM_CA_FILE: damaged });
    assert.equal(unreadable.status, 1);
    assert.match(unreadable.stdout, /^fail settings +--stream-ca \S+damaged\.pem \(capture\.streamCaFile\): certificate 2 of 2 cannot be read \(.*bad base64 decode\)$/m);
  });

  it('fails on a wrong setting, saying which and where from', () => {
    const { status, stdout } = doctor({ HANDFLOW_CAPTURE_BUFFER_SIZE: '0' });
    assert.equal(status, 1);
    assert.match(stdout, /^fail settings +invalid setting: capture\.bufferSize .* \(from HANDFLOW_CAPTURE_BUFFER_SIZE\)$/m);
  });
});
