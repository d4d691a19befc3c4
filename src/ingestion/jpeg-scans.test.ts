import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import sharp from 'sharp';

import { manyScansJpeg } from '../testing/many-scans-jpeg.js';
import { sharedData } from '../testing/shared-data.js';
import { countJpegScans, MAX_JPEG_SCANS } from './jpeg-scans.js';

test('a baseline JPEG has one scan; libjpeg\'s progressive script for colour, ten', async () => {
  const photo = readFileSync(sharedData('hagrid-tiles/one.png'));
  const baseline = await sharp(photo).jpeg().toBuffer();
  assert.equal(countJpegScans(baseline), 1);
  // jpeg_simple_progression: DC of all three, then luma and chroma bands, then refinements.
  assert.equal(countJpegScans(await sharp(photo).jpeg({ progressive: true }).toBuffer()), 10);
});

test('scans are counted to one past the limit and no further, however many the file holds', async () => {
  assert.equal(countJpegScans(await manyScansJpeg(64, 64, 40)), 40);
  assert.equal(countJpegScans(await manyScansJpeg(64, 64, 5000)), MAX_JPEG_SCANS + 1);
});

test('a cut file has the scans counted so far, and what is no JPEG none', async () => {
  const jpeg = await manyScansJpeg(64, 64, 40);
  const scans = countJpegScans(jpeg.subarray(0, Math.floor(jpeg.length / 2)));
  assert.ok(scans > 0 && scans < 40, `${scans} scans in half the file`);
  assert.equal(countJpegScans(readFileSync(sharedData('hagrid-tiles/one.png'))), 0);
  assert.equal(countJpegScans(new Uint8Array([0xff, 0xd8, 0xff])), 0);
});
