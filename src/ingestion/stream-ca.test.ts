import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import type { HandflowError } from '../core/errors.js';
import { missingTools } from '../testing/required-tools.js';
import { RtspTestServer } from '../testing/rtsp-test-server.js';
import { scratchFolder } from '../testing/scratch.js';
import { streamClip } from '../testing/stream-clip.js';
import { makeTestCertificate, type TestCertificate } from '../testing/test-certificate.js';
import { networkInput } from './network-input.js';
import { StreamHosts } from './stream-hosts.js';
import { decodeFfmpegFrames } from './video-decoder.js';

/** Frames decoded from `url` checked against `caFile`, up to 20; the error that ended it, if one did. */
async function play(url: string, caFile: string, hosts = StreamHosts.ANY): Promise<{ frames: number; error?: HandflowError }> {
  let frames = 0;
  try {
    for await (const _frame of decodeFfmpegFrames(networkInput(url, hosts, caFile))) if (++frames === 20) break;
  } catch (error) {
    return { frames, error: error as HandflowError };
  }
  return { frames };
}

describe('--stream-ca: TLS streams present a certificate it vouches for, for their host', { skip: missingTools('openssl') }, () => {
  const scratch = scratchFolder('handflow-stream-ca-');
  let clip: Buffer;
  let camera: TestCertificate;
  /** Another camera's certificate, for the same address. */
  let other: TestCertificate;
  /** A certificate for another host than the one the URL names. */
  let elsewhere: TestCertificate;
  const stops: (() => Promise<void>)[] = [];

  before(() => {
    clip = streamClip(scratch.path);
    camera = makeTestCertificate(scratch.path, 'camera', 'IP:127.0.0.1');
    other = makeTestCertificate(scratch.path, 'other', 'IP:127.0.0.1');
    elsewhere = makeTestCertificate(scratch.path, 'elsewhere', 'IP:10.0.0.7');
  });
  after(async () => {
    for (const stop of stops) await stop();
  });

  async function rtspsCamera(certificate: TestCertificate): Promise<RtspTestServer> {
    const server = await RtspTestServer.start(clip, { tls: { key: certificate.key, cert: certificate.cert } });
    stops.push(() => server.stop());
    return server;
  }

  /** An HTTPS server sending the clip as MPEG-TS at /clip.ts. */
  async function httpsCamera(certificate: TestCertificate): Promise<string> {
    const server: Server = createServer({ key: certificate.key, cert: certificate.cert }, (_request, response) => {
      response.writeHead(200, { 'content-type': 'video/mp2t' }).end(clip);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    stops.push(() => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    });
    return `https://127.0.0.1:${(server.address() as AddressInfo).port}/clip.ts`;
  }

  /** A plain http server whose every answer redirects to `target`; its URL. */
  async function redirectTo(target: string): Promise<string> {
    const server = createHttpServer((_request, response) => response.writeHead(302, { location: target }).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    stops.push(() => new Promise((resolve) => server.close(() => resolve())));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/clip.ts`;
  }

  it('plays an rtsps camera whose certificate it holds, with any host allowed or a list', { timeout: 30_000 }, async () => {
    const { url } = await rtspsCamera(camera);
    assert.deepEqual(await play(url, camera.certFile), { frames: 20 });
    assert.deepEqual(await play(url, camera.certFile, StreamHosts.parse(['127.0.0.1'])), { frames: 20 });
  });

  it('refuses an rtsps camera with another certificate, or one for another host, saying which and what to do', { timeout: 30_000 }, async () => {
    const impostor = await rtspsCamera(other);
    const refused = await play(impostor.url, camera.certFile);
    assert.equal(refused.frames, 0);
    assert.equal(refused.error?.code, 'STREAM_REFUSED', 'a refusal that a reconnection would meet again');
    assert.match(
      refused.error?.message ?? '',
      /^rtsps:\/\/127\.0\.0\.1:\d+\/live: cannot decode the video: the camera at 127\.0\.0\.1:\d+ presents a certificate that --stream-ca \S+camera\.pem does not vouch for \(self[- ]signed certificate\): put the camera's certificate, or the authority that signed it, in that file$/,
    );
    const misnamed = await rtspsCamera(elsewhere);
    const wrongHost = await play(misnamed.url, elsewhere.certFile);
    assert.equal(wrongHost.frames, 0);
    assert.match(wrongHost.error?.message ?? '', /does not vouch for \(Hostname\/IP does not match certificate's altnames: IP: 127\.0\.0\.1 is not in the cert's list: 10\.0\.0\.7\)/);
  });

  it('checks an https stream\'s certificate and host: the web proxy with any host allowed, ffmpeg itself to listed hosts', { timeout: 60_000 }, async () => {
    const listed = StreamHosts.parse(['127.0.0.1']);
    for (const hosts of [StreamHosts.ANY, listed]) assert.deepEqual(await play(await httpsCamera(camera), camera.certFile, hosts), { frames: 20 });
    const refused = await play(await httpsCamera(other), camera.certFile);
    assert.equal(refused.frames, 0);
    assert.equal(refused.error?.code, 'STREAM_REFUSED');
    assert.match(
      refused.error?.message ?? '',
      /^https:\/\/127\.0\.0\.1:\d+\/clip\.ts: cannot decode the video: the camera at 127\.0\.0\.1:\d+ presents a certificate that --stream-ca \S+camera\.pem does not vouch for \(self[- ]signed certificate\): put the camera's certificate, or the authority that signed it, in that file$/,
    );
    const wrongHost = await play(await httpsCamera(elsewhere), elsewhere.certFile);
    assert.match(wrongHost.error?.message ?? '', /does not vouch for \(Hostname\/IP does not match certificate's altnames: IP: 127\.0\.0\.1 is not in the cert's list: 10\.0\.0\.7\)/);

    const refusedByFfmpeg = await play(await httpsCamera(other), camera.certFile, listed);
    assert.equal(refusedByFfmpeg.error?.code, 'STREAM_REFUSED');
    assert.match(refusedByFfmpeg.error?.message ?? '', /: cannot decode the video: the stream's certificate is not one --stream-ca vouches for, or not for its host \(ffmpeg: "Peer certificate failed verification"\)/);
    const wrongHostForFfmpeg = await play(await httpsCamera(elsewhere), elsewhere.certFile, listed);
    assert.match(wrongHostForFfmpeg.error?.message ?? '', /not for its host \(ffmpeg: "The certificate's owner does not match hostname 127\.0\.0\.1"\)/);
  });

  it('checks the https server a plain http stream redirects to', { timeout: 30_000 }, async () => {
    const genuine = await redirectTo(await httpsCamera(camera));
    assert.deepEqual(await play(genuine, camera.certFile), { frames: 20 });
    const impostor = await redirectTo(await httpsCamera(other));
    const refused = await play(impostor, camera.certFile);
    assert.equal(refused.frames, 0);
    assert.equal(refused.error?.code, 'STREAM_REFUSED');
    assert.match(refused.error?.message ?? '', /^http:\/\/127\.0\.0\.1:\d+\/clip\.ts: cannot decode the video: the camera at 127\.0\.0\.1:\d+ presents a certificate that --stream-ca \S+ does not vouch for \(self[- ]signed certificate\)/);
  });

  it('refuses rtmps, whose certificate ffmpeg cannot check, and a CA file that is missing or holds no certificate', () => {
    assert.throws(() => networkInput('rtmps://127.0.0.1/live/key', StreamHosts.ANY, camera.certFile), {
      code: 'INVALID_OPTION',
      message: "rtmps://127.0.0.1/live/***: an rtmps stream's certificate cannot be checked (ffmpeg has no way to), and --stream-ca asks for it: read the camera over rtsps or https, or leave --stream-ca out",
    });
    assert.throws(() => networkInput('https://127.0.0.1/x', StreamHosts.ANY, join(scratch.path, 'missing.pem')), {
      code: 'INVALID_OPTION',
      message: /^--stream-ca \S+missing\.pem \(capture\.streamCaFile\) cannot be read: ENOENT/,
    });
    assert.throws(() => networkInput('https://127.0.0.1/x', StreamHosts.ANY, scratch.file('key-only.pem', readFileSync(join(scratch.path, 'camera.key.pem')))), {
      code: 'INVALID_OPTION',
      message: /key-only\.pem \(capture\.streamCaFile\) holds no certificate: give a PEM file/,
    });
    assert.throws(() => networkInput('https://127.0.0.1/x', StreamHosts.ANY, '/dev/zero'), { code: 'INVALID_OPTION', message: /\/dev\/zero .* it is not a file/ });
  });
});
