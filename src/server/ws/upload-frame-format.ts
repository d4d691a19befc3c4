/**
 * The browser-camera upload message a client sends: [2-byte little-endian header length][JSON header
 * {"sessionId","timestampMs"}][JPEG] (docs/websocket.md). Shared by the dashboard and Node clients, so it
 * uses only what browsers have.
 */
export function encodeUploadFrame(sessionId: string, timestampMs: number, jpeg: Uint8Array): Uint8Array<ArrayBuffer> {
  const header = new TextEncoder().encode(JSON.stringify({ sessionId, timestampMs }));
  const message = new Uint8Array(2 + header.length + jpeg.byteLength);
  new DataView(message.buffer).setUint16(0, header.length, true);
  message.set(header, 2);
  message.set(jpeg, 2 + header.length);
  return message;
}
