import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { ApiError } from '../errors.js';
import { encodeUploadFrame } from './upload-frame-format.js';
import { MAX_UPLOAD_FRAME_BYTES, parseUploadFrame } from './upload-frame.js';

const refused = (code: string, pattern: RegExp) => (error: unknown) => error instanceof ApiError && error.code === code && pattern.test(error.message);

describe('a binary camera frame message', () => {
  it('reads back what a client encoded', () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0]);
    const frame = parseUploadFrame(Buffer.from(encodeUploadFrame('s-1', 66.5, jpeg)));
    assert.deepEqual({ ...frame, jpeg: [...frame.jpeg] }, { sessionId: 's-1', timestampMs: 66.5, jpeg: [...jpeg] });
  });
  it('is refused when too short, its header length does not fit, or there is no image after it', () => {
    assert.throws(() => parseUploadFrame(Buffer.from([1])), refused('INVALID_REQUEST', /shorter/));
    assert.throws(() => parseUploadFrame(Buffer.from([200, 0, 1, 2])), refused('INVALID_REQUEST', /header length 200/));
    const headerOnly = Buffer.from(encodeUploadFrame('s-1', 0, new Uint8Array(0)));
    assert.throws(() => parseUploadFrame(headerOnly), refused('INVALID_REQUEST', /does not fit/));
  });
  it('is refused when its header is not JSON, or lacks or adds fields', () => {
    const withHeader = (text: string) => Buffer.concat([Buffer.from([text.length, 0]), Buffer.from(text), Buffer.from([0xff])]);
    assert.throws(() => parseUploadFrame(withHeader('{nope')), refused('INVALID_REQUEST', /not JSON/));
    assert.throws(() => parseUploadFrame(withHeader('{"sessionId":"s-1"}')), refused('INVALID_REQUEST', /timestampMs/));
    assert.throws(() => parseUploadFrame(withHeader('{"sessionId":"s-1","timestampMs":1,"x":2}')), refused('INVALID_REQUEST', /x/));
    assert.throws(() => parseUploadFrame(withHeader('{"sessionId":"s-1","timestampMs":-1}')), refused('INVALID_REQUEST', /timestampMs/));
  });
  it('is refused when larger than a camera frame can be', () => {
    assert.throws(() => parseUploadFrame(Buffer.alloc(MAX_UPLOAD_FRAME_BYTES + 1)), refused('BODY_TOO_LARGE', /under/));
  });
});
