import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { peerUrlForMessages, redactUrl, urlSecrets } from './redact-url.js';

describe('redactUrl', () => {
  it('hides the password, and leaves a URL without a password or query as it is', () => {
    assert.equal(redactUrl('rtsp://admin:campass@cam.local:554/live'), 'rtsp://admin:***@cam.local:554/live');
    assert.equal(redactUrl('rtsp://cam.local:554/live'), 'rtsp://cam.local:554/live');
  });

  it('hides the value of every query option, whatever its name', () => {
    assert.equal(redactUrl('srt://127.0.0.1:1?passphrase=SRTSECRETPASS'), 'srt://127.0.0.1:1?passphrase=***');
    assert.equal(redactUrl('srt://cam:9000?latency=200&passphrase=p4ss&pbkeylen=16&streamid=%23!::u=admin'), 'srt://cam:9000?latency=***&passphrase=***&pbkeylen=***&streamid=***');
    assert.equal(redactUrl('rtsp://admin:campass@127.0.0.1:1/live?token=CAMTOKEN123'), 'rtsp://admin:***@127.0.0.1:1/live?token=***');
    for (const name of ['token', 'access_token', 'apiKey', 'X-Amz-Signature', 'loginpas', 'pw', 'jwt', 'hdnts', 'hmac', 'md5', 'resolution']) {
      assert.equal(redactUrl(`https://cam/v.m3u8?w=1&${name}=s3cr3t&h=2`), `https://cam/v.m3u8?w=***&${name}=***&h=***`, name);
    }
  });

  it('reads the query as loosely as ffmpeg does: a name percent-encoded, a ? in the fragment, an option after a ? or #', () => {
    assert.equal(redactUrl('srt://cam:9000?pass%70hrase=x1'), 'srt://cam:9000?pass%70hrase=***');
    assert.equal(redactUrl('tcp://cam:9000/#?token=x2'), 'tcp://cam:9000/#?token=***');
    assert.equal(redactUrl('tcp://cam:9000/?a=1?token=x3&b=2'), 'tcp://cam:9000/?a=***&b=***');
    // ffmpeg reads a value up to the next &: all of it is hidden.
    assert.equal(redactUrl('srt://cam:9000?passphrase=x4?y#z;w&latency=1'), 'srt://cam:9000?passphrase=***&latency=***');
    assert.equal(redactUrl('srt://cam:9000?passphrase=&latency=1'), 'srt://cam:9000?passphrase=&latency=***', 'nothing to hide');
  });

  it('hides an RTMP stream\'s name, which is its key on many servers, and nothing of a URL that names none', () => {
    assert.equal(redactUrl('rtmp://media.local/live/sk_8Hq2LmZ'), 'rtmp://media.local/live/***');
    assert.equal(redactUrl('rtmps://u:pw@media.local:443/app/instance/sk_8Hq2LmZ?token=t1'), 'rtmps://u:***@media.local:443/app/instance/***?token=***');
    assert.equal(redactUrl('RTMPT://media.local//live//sk_8Hq2LmZ'), 'RTMPT://media.local//live//***');
    for (const url of ['rtmp://media.local/live', 'rtmp://media.local/live/', 'rtmp://media.local', 'rtsp://cam.local/live/main']) {
      assert.equal(redactUrl(url), url);
    }
  });

  it('hides both in text that is not a valid URL', () => {
    assert.equal(redactUrl('not a url?token=x5'), 'not a url?token=***');
  });
});

describe('urlSecrets', () => {
  it('lists the password and the query values of 6 characters or more, as written and decoded, longest first', () => {
    assert.deepEqual(urlSecrets('srt://u:p%40ss@cam:9000?passphrase=a%20b%20c&latency=200&pbkeylen=16'), ['a%20b%20c', 'p%40ss', 'a b c', 'p@ss']);
    assert.deepEqual(urlSecrets('http://cam/x?fps=15'), [], 'no "15" hidden wherever it stands in ffmpeg\'s words');
    assert.deepEqual(urlSecrets('rtmp://media.local/live/sk%5F8Hq2LmZ?fps=15'), ['sk%5F8Hq2LmZ', 'sk_8Hq2LmZ'], 'an RTMP stream\'s name');
  });
});

describe('peerUrlForMessages', () => {
  it('hides a redirect\'s secrets and keeps it printable and short', () => {
    assert.equal(peerUrlForMessages('http://u:pw@10.0.0.9/x?sig=abc\n'), 'http://u:***@10.0.0.9/x?sig=***');
    assert.equal(peerUrlForMessages(`http://h/${'a'.repeat(300)}`).length, 200);
  });
});
