import { HandflowError } from '../core/errors.js';
import { assertRgbImage, type RgbImage } from '../core/image.js';
import type { FrameSink, FrameProducer } from './frame-source.js';
import { mirrorImage } from './mirror.js';

/**
 * Frames pushed by a client, such as a browser sending its camera over a WebSocket. Live: a client faster than
 * the pipeline loses its oldest frames. `end()` ends the stream.
 */
export class PushedFrameProducer implements FrameProducer {
  readonly kind = 'pushed';
  readonly live = true;
  readonly stills = false;
  private sink: FrameSink | undefined;
  private finish: (() => void) | undefined;
  private ended = false;

  constructor(
    readonly label: string,
    private readonly mirror: boolean,
  ) {}

  async prepare(): Promise<void> {}

  run(sink: FrameSink, signal: AbortSignal): Promise<void> {
    this.sink = sink;
    return new Promise((resolve) => {
      this.finish = resolve;
      if (this.ended || signal.aborted) resolve();
      signal.addEventListener('abort', () => resolve(), { once: true });
    });
  }

  /**
   * Hands one frame to the pipeline. Returns false when the source is not running (not started, or ended);
   * a malformed frame is reported as a lost frame, not thrown.
   */
  push(image: RgbImage, timestampMs: number): boolean {
    const sink = this.sink;
    if (sink === undefined || this.ended) return false;
    try {
      assertRgbImage(image);
      if (!Number.isFinite(timestampMs)) throw new RangeError(`timestamp ${timestampMs} is not a finite number of milliseconds`);
    } catch (error) {
      const problem = new HandflowError('INPUT_UNREADABLE', `${this.label}: a pushed frame was refused: ${(error as Error).message}`, { cause: error });
      sink.problem({ error: problem, recovering: true, frameLost: true });
      return true;
    }
    void sink.accept({ image: this.mirror ? mirrorImage(image) : image, timestampMs });
    return true;
  }

  /** No more frames: the stream ends once the buffered ones are processed. */
  end(): void {
    this.ended = true;
    this.finish?.();
  }
}
