import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import type { HandflowError } from '../core/errors.js';
import { HttpTestServer } from '../testing/http-test-server.js';
import { hugeVideo } from '../testing/huge-video.js';
import { RtspTestServer } from '../testing/rtsp-test-server.js';
import { scratchFolder } from '../testing/scratch.js';
import { repoRoot } from '../testing/shared-data.js';
import { streamClip } from '../testing/stream-clip.js';
import { looksLikeUrl, networkInput, streamUrlProblem } from './network-input.js';
import { redactUrl } from '../core/redact-url.js';
import { resolveFfmpegPath } from './ffmpeg-binary.js';
import { ffmpegInputArgs } from './ffmpeg-input.js';
import { StreamHosts } from './stream-hosts.js';
import { decodeFfmpegFrames } from './video-decoder.js';

/** The command lines of this process's children, as any local user can read them in /proc. */
function childCommandLines(): string[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((pid) => {
      try {
        const parent = Number(/^\d+ \(.*\) \S+ (\d+)/.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1]);
        return parent === process.pid ? [readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ')] : [];
      } catch {
        return []; // gone meanwhile
      }
    });
}

describe('networkInput', () => {
  it('reads RTSP over TCP with nothing but TCP, the URL in a concat list on stdin, named without its password', () => {
    const input = networkInput('rtsp://admin:secret@cam.local:554/live');
    assert.deepEqual(input, {
      inputOptions: ['-f', 'concat', '-safe', '0', '-analyzeduration', '1', '-thread_type', 'slice'],
      input: 'pipe:0',
      viaStdin: {
        list:
          "ffconcat version 1.0\nfile 'rtsp://admin:secret@cam.local:554/live'\n" +
          "option protocol_whitelist 'tcp'\noption format_whitelist 'rtsp'\noption rtsp_transport 'tcp'\n",
        url: 'rtsp://admin:secret@cam.local:554/live',
      },
      label: 'rtsp://admin:***@cam.local:554/live',
      confinement: { protocols: ['tcp', 'pipe'], formats: ['concat', 'rtsp'] },
    });
    assert.equal(redactUrl('http://cam.local/x'), 'http://cam.local/x');
  });

  it('quotes a URL in the concat list so that a quote in it cannot end the file name', () => {
    const { list } = networkInput("http://cam.local/it's'cam").viaStdin!;
    assert.equal(list.split('\n')[1], "file 'http://cam.local/it'\\''s'\\''cam'");
  });

  it('gives each scheme only the protocols it needs, never file or udp, and stdin for the list', () => {
    const protocols = (url: string) => networkInput(url).confinement.protocols;
    assert.deepEqual(protocols('rtsps://cam/live'), ['tls', 'tcp', 'pipe']);
    assert.deepEqual(protocols('tcp://127.0.0.1:9000'), ['tcp', 'pipe']);
    assert.deepEqual(protocols('rtmp://host/app/key'), ['rtmp', 'tcp', 'pipe']);
    assert.deepEqual(protocols('srt://host:9000'), ['srt', 'pipe']);
    assert.deepEqual(protocols('http://cam/video.mjpeg'), protocols('https://cam/video.m3u8'));
    for (const url of ['rtsp://a/b', 'rtsps://a/b', 'http://a/b', 'https://a/b', 'rtmp://a/b', 'rtmps://a/b', 'srt://a:1', 'tcp://a:1']) {
      const { protocols: allowed, formats } = networkInput(url).confinement;
      assert.ok(!allowed.some((protocol) => ['file', 'udp', 'rtp', 'hls', 'concat', 'subfile', 'data'].includes(protocol)), `${url}: ${allowed}`);
      // The concat demuxer reads handflow's own list; the formats of the stream come after it.
      assert.equal(formats[0], 'concat');
      assert.ok(!formats.slice(1).some((format) => ['concat', 'image2', 'dash', 'sdp', 'lavfi'].includes(format)), `${url}: ${formats}`);
      assert.equal(formats.includes('hls'), url.startsWith('http'), `${url}: hls only over http(s)`);
    }
  });

  it('opens the list\'s one entry with the scheme\'s confinement alone: no stdin, no list of its own', () => {
    for (const url of ['rtsp://a/b', 'rtsps://a/b', 'http://a/b', 'https://a/b', 'rtmp://a/b', 'rtmps://a/b', 'srt://a:1', 'tcp://a:1']) {
      const { viaStdin, confinement } = networkInput(url);
      const { protocols, formats } = confinement;
      const entry = `\noption protocol_whitelist '${protocols.filter((p) => p !== 'pipe').join(',')}'\noption format_whitelist '${formats.slice(1).join(',')}'\n`;
      assert.ok(viaStdin!.list.includes(entry), `${url}: ${viaStdin!.list}`);
    }
    const listed = networkInput('http://cam1.lan/video.ts', StreamHosts.parse(['cam1.lan'])).viaStdin!.list;
    assert.match(listed, /\noption format_whitelist 'mpegts,mpjpeg,mjpeg,flv,live_flv,matroska,h264,hevc'\noption max_redirects '0'\n$/);
  });

  it('refuses a list the stream serves, with or without a host list, and opens none of its entries', async (t) => {
    // The listed host's list names /seg beside it, which redirects to another host: read, it would play that host's video.
    const scratch = scratchFolder('handflow-nested-list-');
    const clip = streamClip(scratch.path);
    const elsewhere = await HttpTestServer.start(() => ({ status: 200, headers: { 'content-type': 'video/mp2t' }, body: clip }), '127.0.0.2');
    t.after(() => elsewhere.stop());
    const host = await HttpTestServer.start(({ path }) =>
      path === '/seg' ? { status: 302, headers: { location: elsewhere.urlFor('/clip.ts') } } : { status: 200, body: 'ffconcat version 1.0\nfile seg\n' },
    );
    t.after(() => host.stop());
    const tcp = createServer((socket) => {
      socket.on('error', () => undefined);
      socket.end('ffconcat version 1.0\nfile seg\n');
    });
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    t.after(() => tcp.close());
    const tcpUrl = `tcp://127.0.0.1:${(tcp.address() as AddressInfo).port}/list`;
    for (const [url, hosts] of [
      [host.urlFor('/list'), StreamHosts.parse(['127.0.0.1'])],
      [host.urlFor('/list'), StreamHosts.ANY],
      [tcpUrl, StreamHosts.ANY],
    ] as const) {
      const frames = decodeFfmpegFrames(networkInput(url, hosts));
      try {
        await assert.rejects(frames.next(), (error: HandflowError) => {
          assert.equal(error.code, 'STREAM_REFUSED', `${url}: ${error.message}`);
          assert.match(error.message, /: cannot decode the video: it is concat data, which handflow does not open here: playlists and lists/);
          return true;
        }, url);
      } finally {
        await frames.return(); // stops an ffmpeg that did play
      }
    }
    assert.deepEqual(host.paths, ['/list', '/list'], 'the lists\' entry /seg was never asked for');
    assert.equal(elsewhere.requests.length, 0, 'nothing reached the other host');
  });

  it('plays an HLS stream over http from any host, its playlist and segments fetched', async (t) => {
    const scratch = scratchFolder('handflow-hls-');
    streamClip(scratch.path); // clip.ts, cut into two segments
    execFileSync(resolveFfmpegPath(), ['-v', 'error', '-i', join(scratch.path, 'clip.ts'), '-c', 'copy', '-f', 'hls', '-hls_time', '1', '-hls_list_size', '0', join(scratch.path, 'live.m3u8')]);
    const web = await HttpTestServer.start(({ path }) => {
      const file = join(scratch.path, path.slice(1));
      return /^\/live\d*\.(m3u8|ts)$/.test(path) ? { status: 200, body: readFileSync(file) } : 404;
    });
    t.after(() => web.stop());
    let frames = 0;
    for await (const frame of decodeFfmpegFrames(networkInput(web.urlFor('/live.m3u8')))) {
      assert.deepEqual([frame.image.width, frame.image.height], [640, 360]);
      frames += 1;
    }
    assert.equal(frames, 50, 'two seconds at 25 fps');
    assert.ok(web.paths.includes('/live.m3u8') && web.paths.includes('/live1.ts'), web.paths.join(' '));
  });

  it('puts the confinement on ffmpeg\'s command line before the input, and never the URL', () => {
    assert.deepEqual(ffmpegInputArgs(networkInput('rtsp://viewer:s3cret@cam/live?token=t0ken')), [
      '-protocol_whitelist', 'tcp,pipe', '-format_whitelist', 'concat,rtsp', '-f', 'concat', '-safe', '0', '-analyzeduration', '1', '-thread_type', 'slice', '-i', 'pipe:0',
    ]);
  });

  it('keeps a stream\'s password off the command line of the ffmpeg that reads it, where local users could see it', async (t) => {
    // A server that takes the connection and sends nothing: ffmpeg stays connected while its command line is read.
    const server = createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    t.after(() => server.close());
    const connected = new Promise<Socket>((resolve) => server.once('connection', resolve));
    const { port } = server.address() as AddressInfo;
    const frames = decodeFfmpegFrames(networkInput(`tcp://viewer:s3cret@127.0.0.1:${port}/live?token=t0ken`));
    const first = frames.next();
    first.catch(() => undefined);
    const socket = await connected;
    const commandLines = childCommandLines();
    assert.ok(commandLines.some((line) => line.includes('-i pipe:0')), `an ffmpeg child is reading stdin: ${commandLines.join(' | ')}`);
    for (const line of commandLines) assert.doesNotMatch(line, /s3cret|t0ken/);
    // Cut off, ffmpeg ends, and so does the decoding.
    socket.destroy();
    await assert.rejects(first);
  });

  it('plays an RTSP camera that asks for a password, over TCP, without waiting for more than it has sent', { timeout: 30_000 }, async (t) => {
    const scratch = scratchFolder('handflow-rtsp-');
    // The camera sends 2 s of video, then nothing more until the test ends.
    const camera = await RtspTestServer.start(streamClip(scratch.path), { credentials: { user: 'viewer', password: 's3cret' } });
    t.after(() => camera.stop());
    let frames = 0;
    for await (const frame of decodeFfmpegFrames(networkInput(camera.url))) {
      assert.deepEqual([frame.image.width, frame.image.height], [640, 360]);
      if (++frames === 40) break;
    }
    assert.equal(frames, 40);
    assert.deepEqual(camera.describeAuthorizations, [undefined, `Basic ${Buffer.from('viewer:s3cret').toString('base64')}`], 'asked, then answered');
  });

  it('keeps a URL\'s password out of the reasons ffmpeg gives', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    // ffmpeg names the whole URL in the middle of its line: "Connection to tcp://user:s3cret@... failed".
    const frames = decodeFfmpegFrames(networkInput(`tcp://user:s3cret@127.0.0.1:${port}/x`));
    await assert.rejects(frames.next(), (error: Error) => {
      assert.match(error.message, /^tcp:\/\/user:\*\*\*@127\.0\.0\.1:\d+\/x: .*Connection refused/);
      assert.doesNotMatch(error.message, /s3cret/);
      assert.doesNotMatch(error.message, /Impossible to open/, 'the concat list\'s wrapper line is not the reason');
      assert.doesNotMatch(error.message, /Connection refused.*Connection refused/, 'a reason is given once');
      return true;
    });
  });

  it('gives up at once on a stream that serves what the confinement refuses, which it would serve again', async (t) => {
    // A playlist on a tcp:// stream, whose confinement reads no HLS.
    const server = createServer((socket) => {
      socket.on('error', () => undefined);
      socket.end('#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nfile:///etc/hostname\n#EXT-X-ENDLIST\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    t.after(() => server.close());
    const url = `tcp://127.0.0.1:${(server.address() as AddressInfo).port}/live.m3u8`;
    await assert.rejects(decodeFfmpegFrames(networkInput(url)).next(), (error: HandflowError) => {
      assert.equal(error.code, 'STREAM_REFUSED');
      assert.match(error.message, /: cannot decode the video: it is hls data, which handflow does not open here/);
      return true;
    });
  });

  it('refuses a stream whose first frame is over 8K, before taking memory for it, and for good', async (t) => {
    const scratch = scratchFolder('handflow-huge-stream-');
    const frames = readFileSync(hugeVideo(join(scratch.path, 'huge.mkv'), 'matroska'));
    const server = createServer((socket) => {
      socket.on('error', () => undefined);
      socket.end(frames);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    t.after(() => server.close());
    const decoding = decodeFfmpegFrames(networkInput(`tcp://127.0.0.1:${(server.address() as AddressInfo).port}/live`));
    try {
      await assert.rejects(decoding.next(), (error: HandflowError) => {
        assert.equal(error.code, 'STREAM_REFUSED', error.message);
        assert.match(error.message, /\/live: its frames are too large \(8192x5000 pixels, the limit is 7680x4320 \(8K\)\): have the stream sent at a smaller size$/);
        return true;
      });
    } finally {
      await decoding.return();
    }
  });

  it('refuses URLs that would make ffmpeg listen, however the option is written', () => {
    for (const url of [
      'tcp://127.0.0.1:9000?listen=1',
      'tcp://127.0.0.1:9000?listen',
      'tcp://127.0.0.1:9000?timeout=5&LISTEN=1',
      'tcp://127.0.0.1:9000?l%69sten=1',
      'tcp://127.0.0.1:9000/#?listen=1', // ffmpeg takes the query from the first "?", even in the fragment
      'tcp://127.0.0.1:9000?local_port=80',
      'http://cam/x?listen=1',
    ]) {
      assert.match(streamUrlProblem(url) ?? '', /would make ffmpeg listen/, url);
      assert.throws(() => networkInput(url), { code: 'INVALID_OPTION' }, url);
    }
    assert.match(streamUrlProblem('srt://host:9000?mode=listener') ?? '', /srt mode "listener"/);
    assert.match(streamUrlProblem('srt://host:9000?mode=rendezvous') ?? '', /srt mode "rendezvous"/);
    assert.equal(streamUrlProblem('srt://host:9000?mode=caller&latency=200'), undefined);
    assert.equal(streamUrlProblem('http://cam/x?resolution=640x480&listener_count=2'), undefined);
  });

  it('refuses udp:// as a source, saying why and what to use', () => {
    assert.match(streamUrlProblem('udp://0.0.0.0:1234') ?? '', /udp:\/\/ streams are not read: ffmpeg would take a port on this machine.*srt:\/\//);
  });

  it('refuses other schemes, malformed URLs and control characters, naming the URL without its password', () => {
    assert.throws(() => networkInput('ftp://host/file'), { code: 'INVALID_OPTION', message: /reads rtsp, rtsps, http, https, rtmp, rtmps, srt, tcp streams, not ftp/ });
    assert.match(streamUrlProblem('file:///etc/passwd') ?? '', /not file$/);
    assert.match(streamUrlProblem('http://a:pw@cam/x y') ?? '', /^http:\/\/a:\*\*\*@cam\/x%20y: a URL has no spaces/);
    assert.match(streamUrlProblem('http://cam/\nx') ?? '', /no spaces or control characters/);
  });

  it('tells URLs from paths', () => {
    assert.ok(looksLikeUrl('rtsp://127.0.0.1:8554/x'));
    assert.ok(!looksLikeUrl('clips/a.mp4'));
    assert.ok(!looksLikeUrl('C:\\clips\\a.mp4'));
  });

  it('says to install a newer ffmpeg when only the 2018 build bundled with handflow is there, which reads no list options', () => {
    // No ffmpeg on the PATH: handflow falls back on the bundled build.
    const result = spawnSync(process.execPath, [join(repoRoot, 'bin', 'handflow.js'), 'run', '--source', 'rtsp://127.0.0.1:9/live'], {
      env: { ...process.env, PATH: '/nonexistent', HANDFLOW_CAPTURE_RECONNECT_MAX_ATTEMPTS: '0' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stderr, /rtsp:\/\/127\.0\.0\.1:9\/live: cannot decode the video: this ffmpeg is too old to read the stream as handflow hands it over \(its concat lists take no option lines\): install your system's ffmpeg/);
  });
});
