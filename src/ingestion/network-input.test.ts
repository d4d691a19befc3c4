import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { looksLikeUrl, networkInput, redactUrl } from './network-input.js';

describe('networkInput', () => {
  it('reads RTSP over TCP and HTTP as it is', () => {
    assert.deepEqual(networkInput('rtsp://cam.local:554/live'), {
      inputOptions: ['-rtsp_transport', 'tcp'],
      input: 'rtsp://cam.local:554/live',
      label: 'rtsp://cam.local:554/live',
    });
    assert.deepEqual(networkInput('http://cam.local/mjpeg').inputOptions, []);
  });

  it('hides a password in messages but gives it to ffmpeg', () => {
    const input = networkInput('rtsp://admin:secret@cam.local/live');
    assert.equal(input.label, 'rtsp://admin:***@cam.local/live');
    assert.equal(input.input, 'rtsp://admin:secret@cam.local/live');
    assert.equal(redactUrl('http://cam.local/x'), 'http://cam.local/x');
  });

  it('refuses schemes ffmpeg does not stream, naming them', () => {
    assert.throws(() => networkInput('ftp://host/file'), { code: 'INVALID_OPTION', message: /not ftp/ });
  });

  it('tells URLs from paths', () => {
    assert.ok(looksLikeUrl('rtsp://127.0.0.1:8554/x'));
    assert.ok(!looksLikeUrl('clips/a.mp4'));
    assert.ok(!looksLikeUrl('C:\\clips\\a.mp4'));
  });
});
