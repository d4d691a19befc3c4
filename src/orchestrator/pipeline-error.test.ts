import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { HandflowError } from '../core/errors.js';
import { classifyError, errorEvent } from './pipeline-error.js';

describe('classifyError', () => {
  it('applies the severity policy by stage', () => {
    const decode = new HandflowError('DECODE_FAILED', 'clip.mp4: damaged');
    assert.equal(classifyError('ingestion', decode), 'HIGH');
    assert.equal(classifyError('ingestion', decode, { sourceRecovering: { frameLost: false } }), 'MEDIUM');
    assert.equal(classifyError('ingestion', decode, { sourceRecovering: { frameLost: true } }), 'LOW');
    assert.equal(classifyError('preprocessing', new RangeError('crop outside')), 'LOW');
    assert.equal(classifyError('extraction', new Error('bad frame')), 'LOW');
    assert.equal(classifyError('extraction', new HandflowError('MODEL_LOAD_FAILED', 'no model')), 'HIGH');
    assert.equal(classifyError('inference', new Error('classifier broke')), 'MEDIUM');
    assert.equal(classifyError('output', new Error('pipe closed')), 'MEDIUM');
    assert.equal(classifyError('extraction', new RangeError('Array buffer allocation failed')), 'FATAL');
  });
});

describe('errorEvent', () => {
  it('is plain data with the stage error name, the code and a one-line message', () => {
    const event = errorEvent('cam', 'ingestion', 'HIGH', new HandflowError('DECODE_FAILED', 'a.mp4: line one\nline two'), 7);
    assert.deepEqual(event, {
      type: 'error',
      sessionId: 'cam',
      name: 'IngestionError',
      stage: 'ingestion',
      severity: 'HIGH',
      code: 'DECODE_FAILED',
      message: 'a.mp4: line one line two',
      frameNumber: 7,
    });
    assert.deepEqual(JSON.parse(JSON.stringify(event)), event);
  });
});
