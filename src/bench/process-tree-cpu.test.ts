import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { ManagedProcess } from '../testing/managed-process.js';
import { processTreeCpuMs } from './process-tree-cpu.js';

/** Node code that spends `ms` of CPU time (its start included), then says so on its standard output. */
const busy = (ms: number): string => `while (process.cpuUsage().user + process.cpuUsage().system < ${ms * 1000}); console.log('done')`;

describe('processTreeCpuMs', () => {
  it('counts a process, the children it runs, and those that ended, as a server and its ffmpeg', { timeout: 30_000 }, async () => {
    // A parent that runs a busy child, then a second one, and waits: it spends almost nothing itself. The second
    // outlives the test by a few seconds at most: stopping the parent does not stop it.
    const script = `
      const { execFileSync, spawn } = require('node:child_process');
      execFileSync(process.execPath, ['-e', ${JSON.stringify(busy(600))}], { stdio: ['ignore', 'inherit', 'ignore'] });
      spawn(process.execPath, ['-e', ${JSON.stringify(`${busy(600)}; setTimeout(() => {}, 10000)`)}], { stdio: ['ignore', 'inherit', 'ignore'] });
      setInterval(() => {}, 1000);`;
    const parent = ManagedProcess.start(process.execPath, ['-e', script]);
    try {
      await parent.waitForOutput(/done\n[\s\S]*done/, 'both children to have been busy', 20_000);
      const tree = processTreeCpuMs(parent.pid!);
      // Two children of 600 ms each, the ended one too; /proc counts in ticks of 10 ms.
      assert.ok(tree >= 1180, `the tree spent ${tree} ms: the children's 1200 ms are not all counted`);
    } finally {
      await parent.stop();
    }
    assert.equal(processTreeCpuMs(parent.pid!), 0, 'an ended process counts nothing');
  });
});
