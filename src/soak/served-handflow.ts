import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { repoRoot } from '../testing/shared-data.js';

/** The real `handflow serve`, as a child process on 127.0.0.1 with a free port and a folder of its own. */
export class ServedHandflow {
  private constructor(
    private readonly child: ChildProcess,
    private readonly home: string,
    readonly origin: string,
    private output: string,
  ) {
    child.stdout!.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
    child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** What the server printed (its warnings and errors: it logs at warn). */
  get log(): string {
    return this.output;
  }

  /** Starts the server letting sessions read `files`; resolves once it answers health. */
  static async start(files: string): Promise<ServedHandflow> {
    const home = mkdtempSync(join(tmpdir(), 'handflow-soak-'));
    const child = spawn(
      process.execPath,
      [join(repoRoot, 'bin', 'handflow.js'), 'serve', '--host', '127.0.0.1', '--port', '0', '--files', files, '--gestures', join(home, 'gestures.json'), '--log-level', 'warn'],
      // Its token, uploads and config in the scratch folder, not the user's.
      { cwd: home, env: { ...process.env, HANDFLOW_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let printed = '';
    const origin = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`handflow serve printed no address within 60 s: ${printed}`)), 60_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        printed += chunk.toString('utf8');
        const url = /dashboard at (http:\/\/\S+)/.exec(printed)?.[1];
        if (url !== undefined) {
          child.stdout!.removeAllListeners('data');
          clearTimeout(timer);
          resolve(new URL(url).origin);
        }
      });
      child.once('exit', (code) => reject(new Error(`handflow serve exited with ${code} before listening: ${printed}`)));
    }).catch((error: unknown) => {
      child.kill('SIGKILL');
      rmSync(home, { recursive: true, force: true });
      throw error;
    });
    const server = new ServedHandflow(child, home, origin, printed);
    const health = await fetch(`${origin}/api/health`);
    if (!health.ok) throw new Error(`GET /api/health answered ${health.status}`);
    return server;
  }

  /** SIGTERM (a graceful shutdown), SIGKILL after 10 s; resolves with how it ended, once its folder is removed. */
  async stop(): Promise<string> {
    if (this.running) {
      const exited = once(this.child, 'exit');
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(this.home, { recursive: true, force: true });
    return this.child.signalCode ?? `exit code ${this.child.exitCode}`;
  }
}
