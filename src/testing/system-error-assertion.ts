import assert from 'node:assert/strict';
import { SystemError, type SystemErrorCode } from '../output/system/system-error.js';

/**
 * For `assert.rejects`/`assert.throws`: the error is a SystemError with this code, its message matches
 * and is one line, as handflow's errors must be.
 */
export function isSystemError(code: SystemErrorCode, message: RegExp): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof SystemError, `expected a SystemError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.match(error.message, message);
    assert.doesNotMatch(error.message, /\n/, 'the message is one line');
    return true;
  };
}
