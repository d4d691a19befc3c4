import type { Socket } from 'node:net';

import type { FastifyReply } from 'fastify';

/** How long what a client still sends after its answer is read and dropped before the connection is cut. */
export const LINGER_MS = 2000;

/**
 * Closes the connection once the request is answered, its body left unread (a refusal: reading it could take
 * gigabytes, or for ever). A socket closed with unread data resets the connection, and a client still sending
 * may then lose the answer before reading it (a browser shows a network error, not "too large"). So, as web
 * servers do ("lingering close"), the connection is half-closed after the answer and what still comes is
 * dropped for at most {@link LINGER_MS} before it is cut.
 */
export function closeAfterAnswer(reply: FastifyReply): void {
  reply.header('connection', 'close');
  const socket = reply.raw.socket;
  if (socket === null || lingering.has(socket)) return;
  lingering.add(socket);
  // Node's HTTP server calls destroySoon once the answer to a request that closes its connection is sent.
  socket.destroySoon = () => {
    socket.end();
    socket.resume();
    const cut = setTimeout(() => socket.destroy(), LINGER_MS);
    cut.unref();
    socket.once('close', () => clearTimeout(cut));
    socket.once('end', () => socket.destroy());
  };
}

const lingering = new WeakSet<Socket>();
