import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';

const TS_PACKET = 188;

/**
 * A live camera for tests: an MPEG-TS clip sent over `tcp://` at its frame rate, one video frame (one PES packet)
 * at a time, as an encoder sends each frame when it is made. It notes when each frame's first byte went, and
 * ends the connection half a second after the last.
 */
export class PacedStreamServer {
  /** When (performance.now()) each frame's first byte was sent, in the order sent. */
  readonly sentAt: number[] = [];
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly frames: readonly Buffer[],
    private readonly burst: number,
  ) {}

  /** `burst`: frames sent at once, each such burst `burst` frame intervals after the one before (as a muxer that holds video back sends it). */
  static async start(clip: Buffer, fps: number, burst = 1): Promise<PacedStreamServer> {
    const frames = videoFrameChunks(clip);
    let paced: PacedStreamServer | undefined;
    const server = createServer((socket) => paced!.send(socket, 1000 / fps));
    paced = new PacedStreamServer(server, frames, burst);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return paced;
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `tcp://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private send(socket: Socket, intervalMs: number): void {
    this.sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('close', () => this.sockets.delete(socket));
    const start = performance.now();
    let next = 0;
    const sendNext = (): void => {
      if (socket.destroyed) return;
      if (next === this.frames.length) {
        setTimeout(() => socket.end(), 500);
        return;
      }
      for (const last = Math.min(next + this.burst, this.frames.length); next < last; next += 1) {
        socket.write(this.frames[next]!);
        this.sentAt.push(performance.now());
      }
      setTimeout(sendNext, Math.max(0, start + next * intervalMs - performance.now()));
    };
    sendNext();
  }
}

/**
 * The clip cut before each packet that starts a video PES (stream id 0xE0-0xEF, on the first PID that carries one):
 * the first chunk holds the tables and the first frame, each other one frame.
 */
export function videoFrameChunks(clip: Buffer): Buffer[] {
  const starts: number[] = [];
  let videoPid: number | undefined;
  for (let offset = 0; offset + TS_PACKET <= clip.length; offset += TS_PACKET) {
    const startsPayload = (clip[offset + 1]! & 0x40) !== 0;
    const pid = ((clip[offset + 1]! & 0x1f) << 8) | clip[offset + 2]!;
    const adaptation = (clip[offset + 3]! >> 4) & 3;
    if (!startsPayload || (adaptation & 1) === 0) continue;
    const payload = offset + 4 + ((adaptation & 2) !== 0 ? 1 + clip[offset + 4]! : 0);
    const isVideoPes = clip[payload] === 0 && clip[payload + 1] === 0 && clip[payload + 2] === 1 && (clip[payload + 3]! & 0xf0) === 0xe0;
    if (!isVideoPes) continue;
    videoPid ??= pid;
    if (pid === videoPid) starts.push(offset);
  }
  return starts.map((start, index) => clip.subarray(index === 0 ? 0 : start, starts[index + 1] ?? clip.length));
}
