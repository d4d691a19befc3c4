import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { listV4l2Devices, parseAvfoundationDevices, parseDshowDevices, webcamInput } from './cameras.js';

describe('camera discovery', () => {
  it('lists /dev/videoN devices by number', () => {
    assert.deepEqual(listV4l2Devices(['null', 'video10', 'video2', 'videoX', 'tty0']), [
      { index: 2, name: '/dev/video2' },
      { index: 10, name: '/dev/video10' },
    ]);
  });

  it('reads the video devices of an avfoundation listing', () => {
    const log = [
      '[AVFoundation indev @ 0x7f8] AVFoundation video devices:',
      '[AVFoundation indev @ 0x7f8] [0] FaceTime HD Camera',
      '[AVFoundation indev @ 0x7f8] [1] Capture screen 0',
      '[AVFoundation indev @ 0x7f8] AVFoundation audio devices:',
      '[AVFoundation indev @ 0x7f8] [0] MacBook Pro Microphone',
    ].join('\n');
    assert.deepEqual(parseAvfoundationDevices(log), [
      { index: 0, name: 'FaceTime HD Camera' },
      { index: 1, name: 'Capture screen 0' },
    ]);
  });

  it('reads the video devices of a dshow listing, new and old formats', () => {
    const newer = '[dshow @ 0x1] "Integrated Camera" (video)\n[dshow @ 0x1]   Alternative name "@device_pnp_x"\n[dshow @ 0x1] "Microphone" (audio)\n';
    assert.deepEqual(parseDshowDevices(newer), [{ index: 0, name: 'Integrated Camera' }]);
    const older = [
      '[dshow @ 0x2] DirectShow video devices (some may be both video and audio devices)',
      '[dshow @ 0x2]  "USB Camera"',
      '[dshow @ 0x2]     Alternative name "@device_pnp_y"',
      '[dshow @ 0x2] DirectShow audio devices',
      '[dshow @ 0x2]  "Microphone"',
    ].join('\n');
    assert.deepEqual(parseDshowDevices(older), [{ index: 0, name: 'USB Camera' }]);
  });

  it('says which cameras exist when the one asked for does not', { skip: process.platform !== 'linux' && 'reads /dev on Linux' }, async () => {
    await assert.rejects(webcamInput(63, { width: 640, height: 480, fps: 30 }), { code: 'INPUT_NOT_FOUND', message: /webcam:63: there is no camera 63: .*handflow doctor/ });
  });
});
