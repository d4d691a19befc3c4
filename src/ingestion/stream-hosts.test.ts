import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { isHandflowError } from '../testing/handflow-error-assertion.js';
import { networkInput } from './network-input.js';
import { StreamHosts } from './stream-hosts.js';

describe('StreamHosts: the hosts URL sources may connect to', () => {
  test('no list allows every host', () => {
    const any = StreamHosts.parse([]);
    assert.equal(any.anyHost, true);
    assert.equal(any.problem('rtsp://10.1.2.3/stream'), undefined);
    assert.equal(any.problem('http://example.com/cam.mjpg'), undefined);
  });

  test('a name allows that name only, however its case, user, port or root dot', () => {
    const hosts = StreamHosts.parse(['cam1.lan']);
    for (const url of ['rtsp://cam1.lan/live', 'rtsp://viewer:secret@CAM1.lan:8554/live', 'http://cam1.lan./video.mjpg']) assert.equal(hosts.problem(url), undefined, url);
    const problem = hosts.problem('rtsp://viewer:secret@cam2.lan/live');
    assert.match(problem ?? '', /reads streams only from cam1\.lan \(--stream-host\); ask whoever runs it to add cam2\.lan/);
    assert.doesNotMatch(problem ?? '', /secret/, 'the password is not repeated');
    assert.notEqual(hosts.problem('rtsp://cam1.lan.evil.example/live'), undefined);
  });

  test('*.domain allows the names under it, not the domain itself nor names ending alike', () => {
    const hosts = StreamHosts.parse(['*.cams.lan']);
    assert.equal(hosts.problem('rtsp://door.cams.lan/live'), undefined);
    assert.equal(hosts.problem('rtsp://a.b.cams.lan/live'), undefined);
    assert.notEqual(hosts.problem('rtsp://cams.lan/live'), undefined);
    assert.notEqual(hosts.problem('rtsp://evilcams.lan/live'), undefined);
  });

  test('an address range matches addresses written in the URL, never a name, nor an address spelled as a number', () => {
    const hosts = StreamHosts.parse(['10.0.0.0/8', 'fd00::/8', '192.168.1.20']);
    assert.equal(hosts.problem('rtsp://10.200.3.4:554/live'), undefined);
    assert.equal(hosts.problem('rtsp://[fd12::7]:554/live'), undefined);
    assert.equal(hosts.problem('http://192.168.1.20/video'), undefined);
    assert.notEqual(hosts.problem('http://192.168.1.21/video'), undefined);
    assert.notEqual(hosts.problem('rtsp://11.0.0.1/live'), undefined);
    // The name may well resolve into the range; handflow does not resolve it, ffmpeg does, later.
    assert.notEqual(hosts.problem('rtsp://nvr.lan/live'), undefined);
    // 167772161 is 10.0.0.1 to the resolver; read as a name here, it is not in the list.
    assert.notEqual(hosts.problem('rtsp://167772161/live'), undefined);
    assert.notEqual(hosts.problem('http://167772161/live'), undefined);
  });

  test('a URL whose host ffmpeg and a browser read differently is refused', () => {
    const hosts = StreamHosts.parse(['127.0.0.1']);
    // Over http a browser reads 127.0.0.1 (the backslash starts the path); ffmpeg 5.1 connects to 127.0.0.2.
    for (const url of ['http://127.0.0.1:8080\\@127.0.0.2:8080/', 'rtsp://127.0.0.1#@127.0.0.2:554/', 'rtsp://127.0.0.1:554#@127.0.0.2:554/']) {
      assert.match(hosts.problem(url) ?? '', /its host cannot be told for certain/, url);
    }
    assert.match(hosts.problem('http://127.0.0.1:8080\\@127.0.0.2:8080/') ?? '', /a browser reads "127\.0\.0\.1" and ffmpeg "127\.0\.0\.2"/);
  });

  test('an address written in another form than a browser reads it is refused, saying which form to write', () => {
    const hosts = StreamHosts.parse(['10.0.0.0/8']);
    for (const [url, read] of [['http://[::ffff:10.0.0.1]/live', '[::ffff:a00:1]'], ['http://0xa.1/live', '10.0.0.1']] as const) {
      const problem = hosts.problem(url) ?? '';
      assert.match(problem, /its host cannot be told for certain/, url);
      assert.ok(problem.includes(`write the host as ${JSON.stringify(read)}`), problem);
      assert.doesNotMatch(problem, /a "#", "\\" or "%" before the path/);
    }
    assert.equal(hosts.problem('http://[::ffff:a00:1]/live'), undefined, 'written as a browser reads it, it is in the range');
  });

  test('patterns that are none of the forms are refused, naming them', () => {
    for (const pattern of ['http://cam1.lan', '10.0.0.0/33', 'fd00::/129', '10.0.0.0/x', '', '*.', 'cam 1', 'cam1.lan:554']) {
      assert.throws(() => StreamHosts.parse([pattern]), isHandflowError('INVALID_OPTION', /is not a host name, "\*\.domain", address or address\/prefix/), pattern);
      assert.throws(() => StreamHosts.parse([pattern]), (error: Error) => error.message.startsWith(`--stream-host ${JSON.stringify(pattern)} `), pattern);
    }
  });

  test('ffmpeg, with a list, follows no http redirect and reads no HLS playlist', () => {
    const hosts = StreamHosts.parse(['cam1.lan']);
    const listed = networkInput('http://cam1.lan/video.ts', hosts);
    assert.match(listed.viaStdin!.list, /\noption max_redirects '0'\n/);
    assert.doesNotMatch(networkInput('http://cam1.lan/video.ts').viaStdin!.list, /max_redirects/);
    assert.equal(listed.confinement.formats.includes('hls'), false);
    const open = networkInput('http://cam1.lan/video.ts');
    assert.equal(open.confinement.formats.includes('hls'), true);
    assert.throws(() => networkInput('http://cam2.lan/video.ts', hosts), isHandflowError('STREAM_HOST_NOT_ALLOWED', /only from cam1\.lan/));
  });
});
