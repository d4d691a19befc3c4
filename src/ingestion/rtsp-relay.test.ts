import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';

import type { HandflowError } from '../core/errors.js';
import { missingTools } from '../testing/required-tools.js';
import { RtspTestServer } from '../testing/rtsp-test-server.js';
import { scratchFolder } from '../testing/scratch.js';
import { sharedData } from '../testing/shared-data.js';
import { streamClip } from '../testing/stream-clip.js';
import { networkInput } from './network-input.js';
import { LocationHeaderScanner, startRtspRelay } from './rtsp-relay.js';
import { StreamHosts } from './stream-hosts.js';
import { decodeFfmpegFrames } from './video-decoder.js';

const REDIRECT = 'RTSP/1.0 302 Moved Temporarily\r\nCSeq: 3\r\nLocation: rtsp://10.0.0.7:554/live\r\n\r\n';

/** Frames decoded from `url` with only `hosts` allowed, up to `limit`; the error that ended it, if one did. */
async function play(url: string, hosts: string[], limit = 20): Promise<{ frames: number; error?: Error }> {
  let frames = 0;
  try {
    for await (const _frame of decodeFfmpegFrames(networkInput(url, StreamHosts.parse(hosts)))) if (++frames === limit) break;
  } catch (error) {
    return { frames, error: error as Error };
  }
  return { frames };
}

describe('LocationHeaderScanner', () => {
  it('finds the Location header of a redirect however the reply is cut into chunks', () => {
    const bytes = Buffer.from(REDIRECT, 'latin1');
    for (let cut = 1; cut < bytes.length; cut++) {
      const scanner = new LocationHeaderScanner();
      const first = scanner.scan(bytes.subarray(0, cut));
      const second = first ?? scanner.scan(bytes.subarray(cut));
      assert.ok(second, `cut at ${cut}`);
      // Where the first chunk ends inside the URL, only its start is known yet.
      if (cut >= REDIRECT.indexOf('\r\n\r\n')) assert.equal(second.location, 'rtsp://10.0.0.7:554/live');
    }
  });

  it('reads the header as ffmpeg does: in any case, with carriage returns inside it ignored', () => {
    for (const header of ['LOCATION: rtsp://x/', 'location:rtsp://x/', 'Loc\rat\r\rion: rtsp://x/']) {
      assert.equal(new LocationHeaderScanner().scan(Buffer.from(`RTSP/1.0 301 Moved\r\n${header}\r\n\r\n`, 'latin1'))?.location, 'rtsp://x/', header);
    }
  });

  it('lets a camera\'s ordinary replies and media through', () => {
    const scanner = new LocationHeaderScanner();
    const describe = 'RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Base: rtsp://cam1.lan/live/\r\nContent-Type: application/sdp\r\nContent-Length: 40\r\n\r\nv=0\r\nm=video 0 RTP/AVP 33\r\na=control:track1\r\n';
    assert.equal(scanner.scan(Buffer.from(describe, 'latin1')), undefined);
    // A real video's bytes, as interleaved media would carry them.
    assert.equal(scanner.scan(readFileSync(sharedData('mediapipe-samples/open_hand_video.mp4'))), undefined);
  });
});

describe('RTSP with --stream-host: read through a relay that refuses redirects', () => {
  const scratch = scratchFolder('handflow-rtsp-relay-');
  let clip: Buffer;
  before(() => {
    clip = streamClip(scratch.path);
  });

  it('plays a listed camera that asks for a password', { timeout: 30_000 }, async (t) => {
    const camera = await RtspTestServer.start(clip, { credentials: { user: 'viewer', password: 's3cret' } });
    t.after(() => camera.stop());
    const { frames, error } = await play(camera.url, ['127.0.0.1'], 40);
    assert.equal(error, undefined);
    assert.equal(frames, 40);
    assert.deepEqual(camera.describeAuthorizations, [undefined, `Basic ${Buffer.from('viewer:s3cret').toString('base64')}`]);
  });

  it('cuts a listed camera\'s redirect to another host before ffmpeg sees it (which ffmpeg follows with no list)', { timeout: 30_000 }, async (t) => {
    // Linux answers on all of 127.0.0.0/8: 127.0.0.2 stands for a host the list does not name.
    const elsewhere = await RtspTestServer.start(clip, { address: '127.0.0.2' });
    const listed = await RtspTestServer.start(clip, { redirectTo: () => elsewhere.url });
    t.after(async () => {
      await listed.stop();
      await elsewhere.stop();
    });
    const open = await play(listed.url, []);
    assert.equal(open.frames, 20, 'with no list, ffmpeg follows the redirect');
    assert.equal(elsewhere.connections, 1);

    const guarded = await play(listed.url, ['127.0.0.1']);
    assert.equal(guarded.frames, 0);
    assert.equal(elsewhere.connections, 1, 'nothing connected to the host not listed');
    assert.equal(
      guarded.error?.message,
      `${listed.url}: cannot decode the video: the camera at ${listed.url.slice('rtsp://'.length, -'/live'.length)} redirected to ${elsewhere.url}; ` +
        'with --stream-host, redirects are not followed: give that URL instead, if its host is listed',
    );
    assert.equal((guarded.error as HandflowError | undefined)?.code, 'STREAM_REFUSED', 'the camera would redirect again: no reconnecting');
  });

  it('serves one connection, ffmpeg\'s: no one else on this machine reaches the camera through it', async (t) => {
    const camera = await RtspTestServer.start(clip);
    const relay = await startRtspRelay(camera.url, { hostsListed: true });
    t.after(async () => {
      await relay.close();
      await camera.stop();
    });
    const port = Number(new URL(relay.url).port);
    const first = connect(port, '127.0.0.1');
    first.write('OPTIONS rtsp://127.0.0.1/live RTSP/1.0\r\nCSeq: 1\r\n\r\n');
    const [reply] = (await once(first, 'data')) as [Buffer];
    assert.match(reply.toString('latin1'), /^RTSP\/1\.0 200 OK/);
    const second = connect(port, '127.0.0.1');
    const [error] = (await once(second, 'error')) as [NodeJS.ErrnoException];
    assert.equal(error.code, 'ECONNREFUSED');
    assert.equal(camera.connections, 1);
    first.destroy();
  });

  it('says which camera it could not reach', async () => {
    const { error } = await play('rtsp://127.0.0.1:9/live', ['127.0.0.1']);
    assert.equal(error?.message, 'rtsp://127.0.0.1:9/live: cannot decode the video: cannot connect to 127.0.0.1:9: ECONNREFUSED');
  });

  it('plays an rtsps camera, speaking TLS to it', { timeout: 30_000, skip: missingTools('openssl') }, async (t) => {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'key.pem', '-out', 'cert.pem', '-days', '2', '-subj', '/CN=camera'], { cwd: scratch.path, stdio: 'ignore' });
    const tls = { key: readFileSync(join(scratch.path, 'key.pem'), 'utf8'), cert: readFileSync(join(scratch.path, 'cert.pem'), 'utf8') };
    const camera = await RtspTestServer.start(clip, { tls });
    t.after(() => camera.stop());
    assert.match(camera.url, /^rtsps:/);
    const { frames, error } = await play(camera.url, ['127.0.0.1']);
    assert.equal(error, undefined);
    assert.equal(frames, 20);
  });
});
