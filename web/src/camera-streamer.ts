import { encodeUploadFrame } from '../../src/server/ws/upload-frame-format';
import type { LiveSocket } from './live-socket';

/** Frames sent per second at most: the pipeline's pace on a small machine, and light on the network. */
const MAX_FPS = 15;
const JPEG_QUALITY = 0.75;

/**
 * This browser's camera, shown in `video` and sent to a session as JPEG frames. A frame is skipped while the
 * previous one is still being encoded or the socket is behind, so a slow link never queues frames up.
 */
export class CameraStreamer {
  private stream: MediaStream | undefined;
  private timer: number | undefined;
  private encoding = false;
  private readonly canvas = document.createElement('canvas');

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly socket: LiveSocket,
  ) {}

  async open(): Promise<void> {
    this.stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 480 } }, audio: false });
    this.video.srcObject = this.stream;
    await this.video.play();
  }

  start(sessionId: string): void {
    this.stopSending();
    const started = performance.now();
    this.timer = window.setInterval(() => void this.sendFrame(sessionId, performance.now() - started), 1000 / MAX_FPS);
  }

  stopSending(): void {
    if (this.timer !== undefined) window.clearInterval(this.timer);
    this.timer = undefined;
  }

  close(): void {
    this.stopSending();
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.stream = undefined;
    this.video.srcObject = null;
  }

  private async sendFrame(sessionId: string, timestampMs: number): Promise<void> {
    const { video, canvas } = this;
    if (this.encoding || video.videoWidth === 0) return;
    this.encoding = true;
    try {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      canvas.getContext('2d')!.drawImage(video, 0, 0);
      const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', JPEG_QUALITY));
      if (blob !== null) this.socket.sendFrame(encodeUploadFrame(sessionId, timestampMs, new Uint8Array(await blob.arrayBuffer())));
    } finally {
      this.encoding = false;
    }
  }
}
