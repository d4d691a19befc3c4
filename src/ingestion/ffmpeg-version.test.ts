import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { compareFfmpegVersions, describeFfmpegVersion, parseFfmpegVersion } from './ffmpeg-version.js';

/** The first lines of `ffmpeg -version` of the npm-bundled build and of Debian 12's. */
const BUNDLED = `ffmpeg version N-47683-g0e8eb07980-static https://johnvansickle.com/ffmpeg/  Copyright (c) 2000-2018 the FFmpeg developers
built with gcc 6.3.0 (Debian 6.3.0-18+deb9u1) 20170516
libavutil      56. 24.101 / 56. 24.101
libavformat    58. 24.100 / 58. 24.100
`;
const DEBIAN = `ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026 the FFmpeg developers
built with gcc 12 (Debian 12.2.0-14+deb12u1)
libavutil      57. 28.100 / 57. 28.100
libavformat    59. 27.100 / 59. 27.100
`;

describe('ffmpeg versions', () => {
  it('reads the version, libavformat and year of a release and of a git snapshot', () => {
    assert.deepEqual(parseFfmpegVersion(DEBIAN), { name: '5.1.9-0+deb12u1', libavformat: [59, 27, 100], year: 2026 });
    assert.deepEqual(parseFfmpegVersion(BUNDLED), { name: 'N-47683-g0e8eb07980-static', libavformat: [58, 24, 100], year: 2018 });
    assert.deepEqual(parseFfmpegVersion('ffmpeg version fake'), { name: 'fake' });
    assert.equal(describeFfmpegVersion(parseFfmpegVersion(BUNDLED)), 'N-47683-g0e8eb07980-static (libavformat 58.24.100, 2018)');
  });

  it('orders builds by libavformat, then by year, and cannot order what reports neither', () => {
    const debian = parseFfmpegVersion(DEBIAN);
    const bundled = parseFfmpegVersion(BUNDLED);
    assert.ok(compareFfmpegVersions(debian, bundled) > 0);
    assert.ok(compareFfmpegVersions(bundled, debian) < 0);
    assert.equal(compareFfmpegVersions(debian, debian), 0);
    assert.ok(compareFfmpegVersions({ name: 'a', libavformat: [59, 27, 101] }, { name: 'b', libavformat: [59, 27, 100] }) > 0);
    assert.ok(compareFfmpegVersions({ name: 'a', libavformat: [58, 30, 0] }, { name: 'b', libavformat: [59, 1, 0] }) < 0);
    assert.ok(compareFfmpegVersions({ name: 'a', year: 2024 }, bundled) > 0);
    assert.equal(compareFfmpegVersions({ name: 'fake' }, bundled), 0);
  });
});
