import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { integerOption, parseOptions } from './parse-options.js';
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

describe('parseOptions', () => {
  const options = { source: { type: 'string' }, tag: { type: 'string', multiple: true }, json: { type: 'boolean' } } as const;

  it('refuses an option of one value given twice, which would keep the last silently; options that take several are kept', () => {
    for (const args of [['--source', 'a.mp4', '--source', 'b.mp4'], ['--source=a.mp4', '--source', 'b.mp4'], ['--json', '--json']]) {
      const name = args[0]!.replace(/^--|=.*$/g, '');
      assert.throws(() => parseOptions({ args, options }), (error: unknown) => error instanceof UsageError && error.message === `--${name} is given more than once: give it once`, args.join(' '));
    }
    assert.deepEqual({ ...parseOptions({ args: ['--tag', 'a', '--tag', 'b', '--source', 'c.mp4'], options }).values }, { tag: ['a', 'b'], source: 'c.mp4' });
  });
});
