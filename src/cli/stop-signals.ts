import { constants as osConstants } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

import { stopWhenReaderGoes } from './output-lines.js';

/** What stops a long-running command: Ctrl-C, a service manager's stop, a closed terminal. */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Quitting at once waits this long at most for the actions to let go of what they hold. */
export const QUIT_RELEASE_MS = 1000;

export interface StopHandling {
  /** Begins a clean stop: on the first signal, or when stdout's reader goes (a closed terminal, `| head`). */
  readonly stop: () => void;
  /** Said as a clean stop begins: the signal, or undefined when stdout's reader went. */
  readonly announce: (signal: NodeJS.Signals | undefined) => void;
  /**
   * Lets go of what actions hold (a mouse button, a mute: the system keeps them after the process), before a
   * second signal quits.
   */
  readonly release?: () => Promise<unknown>;
}

/**
 * Stops a command cleanly on the first stop signal, or once stdout's reader has gone; a second signal meanwhile
 * quits at once (128 + the signal's number), as a second Ctrl-C does in a shell, after `release` (waited for
 * QUIT_RELEASE_MS at most). Returns what takes the handlers off, for a command that ends by itself.
 */
export function onStopSignals({ stop, announce, release }: StopHandling): () => void {
  let quitting = false;
  const quitAtOnce = (signal: NodeJS.Signals): void => {
    if (quitting) return; // a third signal while the actions let go
    quitting = true;
    const exit = (): never => process.exit(128 + osConstants.signals[signal]);
    if (release === undefined) exit();
    else void Promise.race([release(), sleep(QUIT_RELEASE_MS)]).finally(exit);
  };
  let stopping = false;
  const onStop = (signal?: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    for (const name of STOP_SIGNALS) {
      process.off(name, onStop);
      process.once(name, quitAtOnce);
    }
    announce(signal);
    stop();
  };
  for (const name of STOP_SIGNALS) process.once(name, onStop);
  const readerGone = stopWhenReaderGoes();
  const onReaderGone = (): void => onStop();
  readerGone.addEventListener('abort', onReaderGone, { once: true });
  if (readerGone.aborted) onReaderGone(); // it went before this command listened
  return () => {
    readerGone.removeEventListener('abort', onReaderGone);
    for (const name of STOP_SIGNALS) {
      process.off(name, onStop);
      process.off(name, quitAtOnce);
    }
  };
}

/**
 * Resolves once a stop signal or stdout's reader going has begun `stop`, and it has finished; `announce` is
 * printed as it begins. A second signal meanwhile quits at once, after `release`, as in onStopSignals.
 */
export function untilStopped(announce: string, stop: () => Promise<unknown>, release?: () => Promise<unknown>): Promise<void> {
  return new Promise((resolve) => {
    onStopSignals({
      announce: () => console.log(announce),
      stop: () => void stop().then(() => resolve()),
      ...(release === undefined ? {} : { release }),
    });
  });
}
