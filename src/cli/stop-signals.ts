import { constants as osConstants } from 'node:os';

import { stopWhenReaderGoes } from './output-lines.js';

/** What stops a long-running command: Ctrl-C, a service manager's stop, a closed terminal. */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Resolves once the first stop signal has come, or stdout's reader has gone (a closed terminal, `| head`), and
 * `stop` has finished; `announce` is printed as it begins. A second signal while it runs exits at once (128 + the
 * signal's number), as a second Ctrl-C does in a shell.
 */
export function untilStopped(announce: string, stop: () => Promise<unknown>): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    const quitAtOnce = (signal: NodeJS.Signals): void => process.exit(128 + osConstants.signals[signal]);
    const onStop = (): void => {
      if (stopping) return;
      stopping = true;
      for (const name of STOP_SIGNALS) {
        process.off(name, onStop);
        process.once(name, quitAtOnce);
      }
      console.log(announce);
      void stop().then(() => resolve());
    };
    for (const name of STOP_SIGNALS) process.once(name, onStop);
    stopWhenReaderGoes().addEventListener('abort', onStop, { once: true });
  });
}
