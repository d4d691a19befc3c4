import assert from 'node:assert/strict';
import { test } from 'node:test';

import { isRecordingUrl } from './recording-url.js';

test('a web URL to a video file is a recording; live formats, other schemes and playlists are not', () => {
  for (const url of ['https://example.org/clips/wave.mp4', 'http://10.0.0.5:8080/a/B.MOV?token=x', 'https://cdn.example.org/v.webm#t=3', 'http://h/x.mkv', 'http://h/x.m4v', 'http://h/x.avi']) {
    assert.equal(isRecordingUrl(url), true, url);
  }
  for (const url of ['http://cam.lan/video.mjpg', 'http://cam.lan/stream.ts', 'http://h/live/s.flv', 'https://h/live.m3u8', 'http://h/watch?v=x.mp4', 'rtsp://cam/x.mp4', 'tcp://h:9000', 'not a url']) {
    assert.equal(isRecordingUrl(url), false, url);
  }
});
