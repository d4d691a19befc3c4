import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';

/** A busy machine: child processes spinning on every core. */
export interface CpuLoad {
  /** Kills the spinning processes and resolves once they have exited. */
  stop(): Promise<void>;
}

/** Starts `perCore` busy-loop processes for each core; they also die with this process (their stdin closes). */
export function loadEveryCore(perCore: number): CpuLoad {
  const spinners: ChildProcess[] = [];
  // Each spinner checks now and then whether its parent is gone, so a crashed test leaves nothing spinning.
  const spin = 'process.stdin.on("end", () => process.exit()); process.stdin.resume(); const spin = () => { const until = Date.now() + 50; while (Date.now() < until); setImmediate(spin); }; spin();';
  for (let i = 0; i < perCore * availableParallelism(); i += 1) {
    spinners.push(spawn(process.execPath, ['-e', spin], { stdio: ['pipe', 'ignore', 'ignore'] }));
  }
  return {
    async stop() {
      await Promise.all(
        spinners.map(async (child) => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          const exited = once(child, 'exit');
          child.kill('SIGKILL');
          await exited;
        }),
      );
    },
  };
}
