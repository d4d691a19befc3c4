import { HandflowError } from '../core/errors.js';
import type { SourceExtent } from './captured-frame.js';
import type { FrameSink, FrameProducer } from './frame-source.js';
import { decodeImageFile } from './image-decoder.js';
import { expandInputs, type InputProblem } from './input-files.js';
import { mirrorImage } from './mirror.js';

/**
 * An image file, or a folder of images walked in sorted order (videos in it are left out). Each image is a
 * still on its own. In a folder an unreadable image is reported and skipped; a single image that cannot be
 * read ends the source. With `within`, files a link leads to outside those folders are skipped, reported as
 * problems, and never read.
 */
export class ImageProducer implements FrameProducer {
  readonly kind = 'images';
  readonly live = false;
  readonly stills = true;
  private files: string[] = [];
  private skipped: InputProblem[] = [];
  private isFolder = false;

  constructor(
    readonly label: string,
    private readonly mirror: boolean,
    /** Timestamps step by 1000 / fps ms (the photos are read as fast as the pipeline takes them, never paced). */
    private readonly fps: number,
    /** Folders the images must really be in (see `ExpandOptions.within`); anywhere when absent. */
    private readonly within?: readonly string[],
  ) {}

  async prepare(): Promise<void> {
    const { files, problems } = await expandInputs([this.label], this.within === undefined ? {} : { within: this.within });
    const own = problems.find((problem) => problem.path === this.label);
    if (own !== undefined) throw new HandflowError('INPUT_NOT_FOUND', `${this.label}: ${own.message}`);
    this.skipped = problems;
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
    // Not frames of the source (its extent leaves them out), so none is counted as lost.
    for (const { path, message } of this.skipped) sink.problem({ error: new HandflowError('INPUT_UNREADABLE', `${path}: ${message}`), recovering: true, frameLost: false });
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
