import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';

/** MPEG-TS packets are 188 bytes; seven fill an RTP payload under a 1500-byte MTU (RFC 2250). */
const TS_PACKET = 188;
const TS_PER_RTP = 7;
/** RTP payload type 33: MPEG-2 transport stream, 90 kHz clock. */
const MP2T = 33;

export interface RtspTestServerOptions {
  /** Basic authentication the camera asks for. Defaults to none. */
  readonly credentials?: { readonly user: string; readonly password: string };
  /** The loopback address it listens on. Defaults to 127.0.0.1. */
  readonly address?: string;
  /** Answers DESCRIBE with a redirect (302 and a Location header) to this URL instead of the stream. */
  readonly redirectTo?: () => string;
  /** Serves RTSP over TLS (`rtsps`) with this key and certificate (PEM). */
  readonly tls?: { readonly key: string; readonly cert: string };
}

/**
 * A minimal RTSP camera on a loopback address for tests: one stream (`/live`) of MPEG-TS over RTP, interleaved on
 * the RTSP connection (`rtsp_transport tcp`), optionally behind Basic authentication. It answers OPTIONS, DESCRIBE,
 * SETUP, PLAY, GET_PARAMETER and TEARDOWN, then sends the clip once and keeps the connection open, as a live
 * camera would between frames.
 */
export class RtspTestServer {
  /** The Authorization header of every DESCRIBE, in order (undefined when there was none). */
  readonly describeAuthorizations: (string | undefined)[] = [];
  /** Connections accepted so far. */
  connections = 0;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly clip: Buffer,
    private readonly options: RtspTestServerOptions,
  ) {
    const serve = (socket: Socket): void => this.serve(socket);
    this.server = options.tls ? createTlsServer(options.tls, serve) : createServer(serve);
  }

  /** `clip`: an MPEG-TS file's bytes. */
  static async start(clip: Buffer, options: RtspTestServerOptions = {}): Promise<RtspTestServer> {
    const server = new RtspTestServer(clip, options);
    await new Promise<void>((resolve) => server.server.listen(0, options.address ?? '127.0.0.1', resolve));
    return server;
  }

  /** The stream's URL, with the credentials in it when the server asks for them. */
  get url(): string {
    const { address, port } = this.server.address() as AddressInfo;
    const { credentials } = this.options;
    const userInfo = credentials ? `${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@` : '';
    return `${this.options.tls ? 'rtsps' : 'rtsp'}://${userInfo}${address}:${port}/live`;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private serve(socket: Socket): void {
    this.connections += 1;
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        // The client's own interleaved packets (RTCP receiver reports): skipped.
        if (pending[0] === 0x24) {
          if (pending.length < 4) return;
          const length = 4 + pending.readUInt16BE(2);
          if (pending.length < length) return;
          pending = pending.subarray(length);
          continue;
        }
        const end = pending.indexOf('\r\n\r\n');
        if (end < 0) return;
        const request = pending.subarray(0, end).toString('latin1');
        pending = pending.subarray(end + 4);
        this.answer(socket, request);
      }
    });
  }

  private answer(socket: Socket, request: string): void {
    const [requestLine = '', ...headerLines] = request.split('\r\n');
    const [method = '', uri = ''] = requestLine.split(' ');
    const headers = new Map(headerLines.map((line) => [line.slice(0, line.indexOf(':')).trim().toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
    const reply = (status: string, extra: Record<string, string> = {}, body = ''): void => {
      const lines = [`RTSP/1.0 ${status}`, `CSeq: ${headers.get('cseq') ?? '0'}`, ...Object.entries(extra).map(([name, value]) => `${name}: ${value}`)];
      if (body !== '') lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
      socket.write(`${lines.join('\r\n')}\r\n\r\n${body}`);
    };
    switch (method) {
      case 'OPTIONS':
        return reply('200 OK', { Public: 'OPTIONS, DESCRIBE, SETUP, PLAY, GET_PARAMETER, TEARDOWN' });
      case 'DESCRIBE': {
        const authorization = headers.get('authorization');
        this.describeAuthorizations.push(authorization);
        const { credentials, redirectTo } = this.options;
        if (credentials && authorization !== `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}`) {
          return reply('401 Unauthorized', { 'WWW-Authenticate': 'Basic realm="handflow test camera"' });
        }
        if (redirectTo) return reply('302 Moved Temporarily', { Location: redirectTo() });
        const sdp = ['v=0', 'o=- 0 0 IN IP4 127.0.0.1', 's=handflow test camera', 'c=IN IP4 0.0.0.0', 't=0 0', `m=video 0 RTP/AVP ${MP2T}`, `a=rtpmap:${MP2T} MP2T/90000`, 'a=control:track1', ''].join('\r\n');
        return reply('200 OK', { 'Content-Base': `${uri.replace(/\/$/, '')}/`, 'Content-Type': 'application/sdp' }, sdp);
      }
      case 'SETUP':
        return reply('200 OK', { Transport: 'RTP/AVP/TCP;unicast;interleaved=0-1', Session: '4242;timeout=60' });
      case 'PLAY':
        reply('200 OK', { Session: '4242', Range: 'npt=0.000-' });
        return this.sendClip(socket);
      default:
        return reply('200 OK', { Session: '4242' });
    }
  }

  /** The clip as RTP packets on interleaved channel 0. */
  private sendClip(socket: Socket): void {
    const payloadBytes = TS_PACKET * TS_PER_RTP;
    let sequence = 0;
    for (let offset = 0; offset < this.clip.length; offset += payloadBytes) {
      const payload = this.clip.subarray(offset, offset + payloadBytes);
      const rtp = Buffer.alloc(12);
      rtp[0] = 0x80; // version 2
      rtp[1] = MP2T;
      rtp.writeUInt16BE(sequence++ & 0xffff, 2);
      rtp.writeUInt32BE(0, 4); // MP2T carries its own clock; ffmpeg reads the stream's timestamps
      rtp.writeUInt32BE(0x68616e64, 8);
      const frame = Buffer.alloc(4);
      frame[0] = 0x24;
      frame[1] = 0;
      frame.writeUInt16BE(rtp.length + payload.length, 2);
      socket.write(Buffer.concat([frame, rtp, payload]));
    }
  }
}
