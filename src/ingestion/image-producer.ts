import { HandflowError } from '../core/errors.js';
import type { SourceExtent } from './captured-frame.js';
import type { FrameSink, FrameProducer } from './frame-source.js';
import { decodeImageFile } from './image-decoder.js';
import { expandInputs } from './input-files.js';
import { mirrorImage } from './mirror.js';

/**
 * An image file, or a folder of images walked in sorted order (videos in it are left out). Each image is a
 * still on its own. In a folder an unreadable image is reported and skipped; a single image that cannot be
 * read ends the source.
 */
export class ImageProducer implements FrameProducer {
  readonly kind = 'images';
  readonly live = false;
  readonly stills = true;
  private files: string[] = [];
  private isFolder = false;

  constructor(
    readonly label: string,
    private readonly mirror: boolean,
    /** Timestamps step by 1000 / fps ms (the photos are read as fast as the pipeline takes them, never paced). */
    private readonly fps: number,
  ) {}

  async prepare(): Promise<void> {
    const { files, problems } = await expandInputs([this.label]);
    if (problems.length > 0) throw new HandflowError('INPUT_NOT_FOUND', `${this.label}: ${problems[0]!.message}`);
    this.files = files.filter((file) => file.kind === 'image').map((file) => file.path);
    this.isFolder = this.files.length !== 1 || this.files[0] !== this.label;
    if (this.files.length === 0) {
      throw new HandflowError('INPUT_NOT_FOUND', `${this.label} holds no images (jpg, jpeg, png, bmp or webp)`);
    }
  }

  extent(): SourceExtent {
    return { frames: this.files.length };
  }

  async run(sink: FrameSink, signal: AbortSignal): Promise<void> {
    for (const [index, path] of this.files.entries()) {
      if (signal.aborted) return;
      let image;
      try {
        image = await decodeImageFile(path);
      } catch (error) {
        if (!this.isFolder) throw error;
        sink.problem({ error: error as Error, recovering: true, frameLost: true });
        continue;
      }
      await sink.accept({ image: this.mirror ? mirrorImage(image) : image, timestampMs: (index * 1000) / this.fps, origin: path });
    }
  }
}
