import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { looksLikePlaylist, rewritePlaylist, TlsOrigins } from './plain-web-urls.js';

describe('TlsOrigins: https handed to ffmpeg as plain http, and meant again at the proxy', () => {
  it('writes https as http to the same host with its port, keeping credentials, path and query', () => {
    const origins = new TlsOrigins();
    assert.equal(origins.plain(new URL('https://cam.example/live/x.m3u8?token=abc')), 'http://cam.example:443/live/x.m3u8?token=abc');
    assert.equal(origins.plain(new URL('https://user:p%40ss@cam.example:8443/a#frag')), 'http://user:p%40ss@cam.example:8443/a');
    assert.equal(origins.plain(new URL('https://[2001:db8::1]/v.ts')), 'http://[2001:db8::1]:443/v.ts');
    assert.equal(origins.plain(new URL('http://cam.example/a.ts')), 'http://cam.example/a.ts', 'http stays as it is');
  });

  it('takes back to https only what was https, by host and port', () => {
    const origins = new TlsOrigins();
    origins.plain(new URL('https://cam.example/x'));
    origins.plain(new URL('https://[2001:db8::1]:8443/x'));
    assert.equal(origins.meant(new URL('http://cam.example:443/seg1.ts?a=1')).href, 'https://cam.example/seg1.ts?a=1');
    assert.equal(origins.meant(new URL('http://[2001:db8::1]:8443/s.ts')).href, 'https://[2001:db8::1]:8443/s.ts');
    assert.equal(origins.meant(new URL('http://cam.example/seg1.ts')).href, 'http://cam.example/seg1.ts', 'port 80 of the same host stays plain');
    assert.equal(origins.meant(new URL('http://other.example:443/x')).href, 'http://other.example:443/x', 'an origin never named as https stays plain');
  });
});

describe('rewritePlaylist', () => {
  const base = new URL('https://cdn.example/live/main.m3u8');

  it('makes every URI absolute, https ones plain: segments, variants, keys, maps, renditions', () => {
    const origins = new TlsOrigins();
    const playlist = [
      '#EXTM3U',
      '#EXT-X-KEY:METHOD=AES-128,URI="keys/k1",IV=0x1',
      '#EXT-X-MAP:URI="/init.mp4",BYTERANGE="100@0"',
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="en",URI="https://audio.example/en.m3u8"',
      '#EXTINF:1,',
      'seg1.ts',
      '#EXTINF:1,',
      '//mirror.example/seg2.ts',
      '#EXTINF:1,',
      'http://plain.example/seg3.ts\r',
      '',
    ].join('\n');
    assert.equal(
      rewritePlaylist(playlist, base, (url) => origins.plain(url)),
      [
        '#EXTM3U',
        '#EXT-X-KEY:METHOD=AES-128,URI="http://cdn.example:443/live/keys/k1",IV=0x1',
        '#EXT-X-MAP:URI="http://cdn.example:443/init.mp4",BYTERANGE="100@0"',
        '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="en",URI="http://audio.example:443/en.m3u8"',
        '#EXTINF:1,',
        'http://cdn.example:443/live/seg1.ts',
        '#EXTINF:1,',
        'http://mirror.example:443/seg2.ts',
        '#EXTINF:1,',
        'http://plain.example/seg3.ts\r',
        '',
      ].join('\n'),
    );
    assert.equal(origins.meant(new URL('http://mirror.example:443/seg2.ts')).protocol, 'https:', 'a protocol-relative URI of an https playlist is https');
  });

  it('leaves other schemes as written, for ffmpeg to refuse', () => {
    const playlist = '#EXTM3U\n#EXTINF:1,\nhttpproxy://10.0.0.1:22/x\n#EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd://key"\n#EXTINF:1,\nfile:///etc/passwd\n';
    assert.equal(rewritePlaylist(playlist, base, (url) => url.href), playlist);
  });

  it('rewrites no comment or tag text but URI attributes', () => {
    const playlist = '#EXTM3U\n# see https://docs.example/x\n#EXT-X-SESSION-DATA:DATA-ID="com.x",VALUE="https://v.example/"\n';
    assert.equal(rewritePlaylist(playlist, base, () => 'REWRITTEN'), playlist);
  });
});

describe('looksLikePlaylist', () => {
  it('knows a playlist by its first line, after a byte-order mark', () => {
    assert.equal(looksLikePlaylist(Buffer.from('#EXTM3U\n#EXTINF')), true);
    assert.equal(looksLikePlaylist(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('#EXTM3U\n')])), true);
    assert.equal(looksLikePlaylist(Buffer.from([0x47, 0x40, 0x11, 0x10])), false, 'an MPEG-TS packet');
    assert.equal(looksLikePlaylist(Buffer.from('--frame\r\nContent-Type: image/jpeg')), false);
  });
});
