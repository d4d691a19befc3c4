import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { integerOption } from './parse-options.js';
import { UsageError } from './usage-error.js';

describe('integerOption', () => {
  it('takes whole numbers in range, and the fallback when the option is absent', () => {
    assert.equal(integerOption('port', '8787', 1, 0, 65535), 8787);
    assert.equal(integerOption('port', '0', 1, 0, 65535), 0);
    assert.equal(integerOption('port', undefined, 8787, 0, 65535), 8787);
  });

  it('refuses anything else with a usage error naming the option and the value, an empty one (an unset variable) included', () => {
    for (const value of ['', ' ', ' 80', '0x1F90', '1e3', '80.0', '8.5', 'NaN', 'Infinity', '-1', '65536']) {
      assert.throws(() => integerOption('port', value, 8787, 0, 65535), (error: unknown) => error instanceof UsageError && error.message === `--port must be a whole number from 0 to 65535, not "${value}"`, JSON.stringify(value));
    }
  });
});
