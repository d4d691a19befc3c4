import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { sharedData } from '../testing/shared-data.js';
import { parseSourceSpec } from './source-spec.js';

describe('parseSourceSpec', () => {
  it('reads cameras, URLs, folders, images and videos', async () => {
    assert.deepEqual(await parseSourceSpec('webcam'), { kind: 'webcam' });
    assert.deepEqual(await parseSourceSpec('webcam:2'), { kind: 'webcam', device: 2 });
    assert.deepEqual(await parseSourceSpec('rtsp://127.0.0.1:8554/x'), { kind: 'network', url: 'rtsp://127.0.0.1:8554/x' });
    const folder = sharedData('hagrid-tiles');
    assert.deepEqual(await parseSourceSpec(folder), { kind: 'images', path: folder });
    const image = sharedData('hagrid-tiles/like.png');
    assert.deepEqual(await parseSourceSpec(image), { kind: 'images', path: image });
    const video = sharedData('dynamic-gestures/clicks.gif');
    assert.deepEqual(await parseSourceSpec(video), { kind: 'video-file', path: video });
  });

  it('names the problem and the accepted forms', async () => {
    await assert.rejects(parseSourceSpec('webcam:one'), { code: 'INVALID_OPTION', message: /camera number/ });
    await assert.rejects(parseSourceSpec('no/such/clip.mp4'), { code: 'INPUT_NOT_FOUND', message: /no such file or folder: no\/such\/clip\.mp4 \(a source is webcam/ });
  });
});
