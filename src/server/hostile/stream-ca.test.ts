import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { ManagedProcess } from '../../testing/managed-process.js';
import { missingTools } from '../../testing/required-tools.js';
import { RtspTestServer } from '../../testing/rtsp-test-server.js';
import { scratchFolder } from '../../testing/scratch.js';
import { repoRoot } from '../../testing/shared-data.js';
import { streamClip } from '../../testing/stream-clip.js';
import { makeTestCertificate, type TestCertificate } from '../../testing/test-certificate.js';
import { waitFor } from '../../testing/wait-for.js';
import type { SessionInfo } from '../sessions/session-info-schema.js';
import { sessionOutcome } from '../testing/session-outcome.js';

const HANDFLOW = join(repoRoot, 'bin', 'handflow.js');

describe('handflow serve --stream-ca: an rtsps camera is the one whose certificate it was given', { skip: missingTools('openssl') }, () => {
  const scratch = scratchFolder('handflow-serve-stream-ca-');
  let camera: TestCertificate;
  let genuine: RtspTestServer;
  /** A camera on the same address with a certificate of its own: what a machine in the middle would present. */
  let impostor: RtspTestServer;
  let server: ManagedProcess;
  let base: string;

  before(async () => {
    const clip = streamClip(scratch.path);
    camera = makeTestCertificate(scratch.path, 'camera', 'IP:127.0.0.1');
    const other = makeTestCertificate(scratch.path, 'other', 'IP:127.0.0.1');
    genuine = await RtspTestServer.start(clip, { tls: { key: camera.key, cert: camera.cert } });
    impostor = await RtspTestServer.start(clip, { tls: { key: other.key, cert: other.cert } });
    server = ManagedProcess.start(process.execPath, [HANDFLOW, 'serve', '--port', '0', '--stream-ca', camera.certFile, '--log-level', 'warn'], {
      env: { ...process.env, HANDFLOW_HOME: scratch.path },
    });
    [, base] = (await server.waitForOutput(/dashboard at (http:\/\/127\.0\.0\.1:\d+)/, 'the server to listen', 20_000)) as unknown as [string, string];
  });
  after(async () => {
    await server?.stop();
    await genuine?.stop();
    await impostor?.stop();
  });

  /** Starts a session on `url`; the session once it has ended or processed a frame (then it is stopped). */
  async function play(url: string): Promise<SessionInfo> {
    const started = await fetch(`${base}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ source: { type: 'url', url } }) });
    assert.equal(started.status, 201);
    return sessionOutcome(base, ((await started.json()) as { id: string }).id);
  }

  it('plays the camera whose certificate it holds', async () => {
    assert.ok((await play(genuine.url)).metrics.frames.processed > 0);
  });

  it('refuses a camera presenting another certificate at once, without reconnecting, and its log says why', async () => {
    const session = await play(impostor.url);
    assert.equal(session.metrics.frames.processed, 0);
    assert.equal(session.endReason, 'failed');
    await waitFor(
      'the reason in the log',
      () => /presents a certificate that --stream-ca \S+camera\.pem does not vouch for \(self[- ]signed certificate\)[^"]*; not reconnecting, which would be refused the same way/.test(server.stderr) || undefined,
      10_000,
    );
    assert.doesNotMatch(server.stderr, /reconnecting in \d+ ms/, 'no attempt is made again');
  });

  it('handflow serve and handflow worker refuse a --stream-ca that holds no certificate, in one line', () => {
    const keyOnly = scratch.file('key-only.pem', camera.key);
    for (const command of [['serve', '--port', '0'], ['worker', '--nats', 'nats://127.0.0.1:1']]) {
      const result = spawnSync(process.execPath, [HANDFLOW, ...command, '--stream-ca', keyOnly], { env: { ...process.env, HANDFLOW_HOME: scratch.path }, encoding: 'utf8', timeout: 30_000 });
      assert.equal(result.status, 1, result.stderr);
      assert.equal(
        result.stderr.trim(),
        `handflow ${command[0]}: --stream-ca ${keyOnly} (capture.streamCaFile) holds no certificate: give a PEM file (-----BEGIN CERTIFICATE----- ...) of the camera's certificate or of the authority that signed it`,
      );
    }
  });
});
