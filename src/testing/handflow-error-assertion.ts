import assert from 'node:assert/strict';
import { HandflowError, type HandflowErrorCode } from '../core/errors.js';

/**
 * For `assert.rejects`/`assert.throws`: the error is a HandflowError with this code, its message matches
 * and is one line, as handflow's errors must be.
 */
export function isHandflowError(code: HandflowErrorCode, message: RegExp): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof HandflowError, `expected a HandflowError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.match(error.message, message);
    assert.doesNotMatch(error.message, /\n/, 'the message is one line');
    return true;
  };
}
