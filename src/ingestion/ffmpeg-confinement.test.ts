import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { confinementOptions, confinementRefusal, deviceConfinement, VIDEO_FILE_CONFINEMENT } from './ffmpeg-confinement.js';

describe('ffmpeg confinement', () => {
  it('lets a video file open itself only, as a self-contained format', () => {
    const [protocolFlag, protocols, formatFlag, formats] = confinementOptions(VIDEO_FILE_CONFINEMENT);
    assert.equal(protocolFlag, '-protocol_whitelist');
    assert.equal(protocols, 'file');
    assert.equal(formatFlag, '-format_whitelist');
    const allowed = formats!.split(',');
    for (const video of ['mov', 'matroska', 'avi', 'gif', 'mpegts', 'asf', 'yuv4mpegpipe']) assert.ok(allowed.includes(video), video);
    for (const indirection of ['hls', 'dash', 'concat', 'image2', 'sdp', 'lavfi', 'imf', 'webm_dash_manifest', 'ffmetadata']) {
      assert.ok(!allowed.includes(indirection), indirection);
    }
  });

  it('lets a camera open no protocol', () => {
    assert.deepEqual(confinementOptions(deviceConfinement('v4l2')), ['-protocol_whitelist', '', '-format_whitelist', 'v4l2']);
  });

  it('says what ffmpeg refused, in either build\'s words', () => {
    assert.match(confinementRefusal("[hls @ 0x55d86cef5980] [error] Format not on whitelist 'mov,matroska'") ?? '', /^it is hls data, which handflow does not open here: playlists/);
    assert.match(confinementRefusal("[hls,applehttp @ 0x32428c40] Format not on whitelist 'mov'") ?? '', /^it is hls data/);
    assert.equal(confinementRefusal("[file @ 0x55a65e82d140] [error] Protocol 'file' not on whitelist 'http,tcp'!"), 'it makes ffmpeg open a file: URL, which this source may not open');
    assert.equal(confinementRefusal('[error] file:/x/clip.mp4: Invalid argument'), undefined);
    assert.equal(confinementRefusal("[tcp @ 0x1] Connection to tcp://127.0.0.1:1 failed: Connection refused"), undefined);
  });
});
