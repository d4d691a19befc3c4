import assert from 'node:assert/strict';
import { test } from 'node:test';

import { isRecordingUrl } from './recording-url.js';

test('a web URL to a video file is a recording; live formats, URLs with a query, other schemes and playlists are not', () => {
  for (const url of ['https://example.org/clips/wave.mp4', 'http://user:pw@10.0.0.5:8080/a/B.MOV', 'https://cdn.example.org/v.webm#t=3', 'http://h/x.mkv', 'http://h/x.m4v', 'http://h/x.avi']) {
    assert.equal(isRecordingUrl(url), true, url);
  }
  const live = ['http://cam.lan/video.mjpg', 'http://cam.lan/stream.ts', 'http://h/live/s.flv', 'https://h/live.m3u8', 'http://h/watch?v=x.mp4'];
  // A camera gateway's live MP4 (go2rtc), and a recording behind a signed URL, both have a query.
  live.push('http://nvr.lan:1984/api/stream.mp4?src=door', 'https://bucket.example.org/clip.mp4?X-Amz-Signature=abc');
  for (const url of [...live, 'rtsp://cam/x.mp4', 'tcp://h:9000', 'not a url']) {
    assert.equal(isRecordingUrl(url), false, url);
  }
});
