import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ManagedProcess } from './managed-process.js';
import { waitFor } from './wait-for.js';

/** The null sink's name: a sound output that plays nothing but has a real volume and mute switch. */
export const TEST_SINK = 'test';

/**
 * A private PulseAudio server with one null sink as its default output, on a socket in a fresh folder,
 * so it neither sees nor disturbs any other sound server on the machine. Its clients find it through
 * PULSE_SERVER in `env` (which also keeps them from starting a server of their own).
 */
export class SoundServer {
  private constructor(
    private readonly server: ManagedProcess,
    private readonly folder: string,
    readonly env: NodeJS.ProcessEnv,
  ) {}

  static async start(): Promise<SoundServer> {
    const folder = mkdtempSync(join(tmpdir(), 'handflow-pulse-'));
    const socket = join(folder, 'native');
    const server = ManagedProcess.start(
      'pulseaudio',
      [
        ...['--daemonize=no', '--exit-idle-time=-1', '--use-pid-file=no', '--log-target=stderr', '-n'],
        `--load=module-null-sink sink_name=${TEST_SINK}`,
        `--load=module-native-protocol-unix auth-anonymous=1 socket=${socket}`,
      ],
      // Its own home and runtime folders, so it reads no user configuration and leaves nothing behind.
      { env: { ...process.env, HOME: folder, XDG_RUNTIME_DIR: folder, XDG_CONFIG_HOME: folder } },
    );
    const sound = new SoundServer(server, folder, { ...process.env, PULSE_SERVER: `unix:${socket}` });
    try {
      await waitFor(
        'pulseaudio to accept clients',
        () =>
          sound.pactl('info').then(
            () => true,
            () => server.failIfExited('accepting clients'),
          ),
        10_000,
      );
      return sound;
    } catch (error) {
      await sound.stop();
      throw error;
    }
  }

  get pid(): number | undefined {
    return this.server.pid;
  }

  /** Runs pactl against this server and returns what it printed. */
  async pactl(...args: string[]): Promise<string> {
    return (await promisify(execFile)('pactl', args, { env: this.env })).stdout;
  }

  async stop(): Promise<void> {
    await this.server.stop();
    rmSync(this.folder, { recursive: true, force: true });
  }
}
