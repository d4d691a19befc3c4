import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { WebSocket } from 'ws';

import { CLOSE_TOO_SLOW, ClientConnection, DROP_ABOVE_BYTES, SKIP_ABOVE_BYTES } from './client-connection.js';
import type { ServerMessage } from './protocol.js';

/** A socket whose backlog the test sets, recording what is sent and whether it was closed. */
function fakeSocket() {
  const socket = {
    OPEN: 1,
    readyState: 1,
    bufferedAmount: 0,
    sent: [] as unknown[],
    closedWith: undefined as number | undefined,
    send(data: unknown) {
      this.sent.push(data);
    },
    close(code: number) {
      this.closedWith = code;
      this.readyState = 2;
    },
    terminate() {
      this.readyState = 3;
    },
    // Pings are the real server's business (sessions-and-websocket.test.ts).
    on() {},
  };
  return socket;
}

const frame: ServerMessage = { channel: 'frame', sessionId: 's-1', frameNumber: 1, timestampMs: 0, width: 1, height: 1, hands: [], fingerCount: null, gesture: 'none' };
const event: ServerMessage = { channel: 'event', sessionId: 's-1', event: { type: 'state_changed', project: 'p', timestamp: 1, data: { component: 'actions', state: 'armed' } } };

describe('a WebSocket client that reads slowly', () => {
  it('gets everything while it keeps up', () => {
    const socket = fakeSocket();
    const client = new ClientConnection(socket as unknown as WebSocket);
    client.send(frame, 'skippable');
    client.send(event, 'essential', Buffer.from([1]));
    assert.equal(socket.sent.length, 3);
    assert.equal(client.skipped, 0);
  });

  it('has frames, metrics and previews skipped once its backlog passes the skip mark, but not events', () => {
    const socket = fakeSocket();
    const client = new ClientConnection(socket as unknown as WebSocket);
    socket.bufferedAmount = SKIP_ABOVE_BYTES + 1;
    client.send(frame, 'skippable');
    client.send(frame, 'skippable');
    client.send(event, 'essential');
    assert.deepEqual(socket.sent, [JSON.stringify(event)]);
    assert.equal(client.skipped, 2);
  });

  it('is dropped (close code 1013) rather than let its backlog grow past the drop mark', () => {
    const socket = fakeSocket();
    const client = new ClientConnection(socket as unknown as WebSocket);
    socket.bufferedAmount = DROP_ABOVE_BYTES - 10;
    client.send(event, 'essential');
    assert.equal(socket.closedWith, CLOSE_TOO_SLOW);
    assert.deepEqual(socket.sent, []);
    client.send(event, 'essential');
    assert.deepEqual(socket.sent, [], 'nothing more is queued for a closing client');
  });
});
