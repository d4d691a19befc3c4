/**
 * A WebSocket client that sends `count` small malformed text messages as fast as it can, run in a worker
 * thread so its sending does not hold up the server's event loop in the test's own thread. It reports the
 * `problem` codes it got and how the server closed it (null: still open `waitMs` after it finished sending).
 */
import { parentPort, workerData } from 'node:worker_threads';

import { WebSocket } from 'ws';

export interface FloodOptions {
  readonly url: string;
  readonly count: number;
  readonly waitMs: number;
}

export interface FloodReport {
  readonly sent: number;
  readonly problems: readonly string[];
  readonly closeCode: number | null;
}

const { url, count, waitMs } = workerData as FloodOptions;
const socket = new WebSocket(url);
const problems: string[] = [];
let sent = 0;
let reported = false;

const report = (closeCode: number | null): void => {
  if (reported) return;
  reported = true;
  parentPort!.postMessage({ sent, problems, closeCode } satisfies FloodReport);
  socket.terminate();
};

socket.on('message', (data, isBinary) => {
  if (isBinary) return;
  const message = JSON.parse(String(data)) as { channel: string; code?: string };
  if (message.channel === 'problem') problems.push(message.code ?? '');
});
socket.on('close', (code) => report(code));
socket.on('error', () => report(null));
socket.on('open', () => {
  const sendSome = (): void => {
    // A thousand at a time, so the client also hears the server's close.
    for (let batch = 0; batch < 1000 && sent < count; batch += 1) {
      if (socket.readyState !== WebSocket.OPEN) return;
      socket.send('{not json');
      sent += 1;
    }
    if (sent < count) setImmediate(sendSome);
    else setTimeout(() => report(null), waitMs);
  };
  sendSome();
});
