import { errorMessage } from '../../core/errors.js';
import type { RgbImage } from '../../core/image.js';
import { HandLandmarker } from '../../extraction/hand-landmarker.js';
import { decodeImageFile } from '../../ingestion/image-decoder.js';
import { expandInputs, type InputFile } from '../../ingestion/input-files.js';
import { decodeVideoFrames } from '../../ingestion/video-decoder.js';
import { analyzeRecord } from '../analyze-record.js';
import type { Command } from '../main.js';
import { Progress, writeLine } from '../output-lines.js';
import { integerOption, parseOptions } from '../parse-options.js';
import { UsageError } from '../usage-error.js';

const USAGE = `Usage: handflow analyze <file|folder>... [options]

Finds hands and their 21 landmarks in images and videos. Folders are walked recursively in sorted order
(jpg, jpeg, png, bmp, webp images; mp4, mov, mkv, webm, avi, gif and other videos). Videos use tracking.

Options:
  --json             print one JSON object per image or video frame on stdout
  --max-hands N      the most hands per frame (default 2)
  --model lite|full  model size (default full)
  --mirrored         the inputs are mirrored selfie views (affects Left/Right)

Progress and errors go to stderr. Exit code 0 when every input was analysed, 1 when any failed.`;

export const analyzeCommand: Command = {
  summary: 'find hands and landmarks in images, folders and videos',
  usage: USAGE,
  async run(args) {
    const { values, positionals } = parseOptions({
      args,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        'max-hands': { type: 'string' },
        model: { type: 'string', default: 'full' },
        mirrored: { type: 'boolean', default: false },
      },
    });
    if (positionals.length === 0) throw new UsageError('name at least one image, video or folder');
    if (values.model !== 'full' && values.model !== 'lite') throw new UsageError(`--model must be "lite" or "full", not "${values.model}"`);

    const progress = new Progress();
    const { files, problems } = await expandInputs(positionals);
    for (const problem of problems) progress.report(`error: ${problem.path}: ${problem.message}`);
    const landmarker = await HandLandmarker.create({
      maxHands: integerOption('max-hands', values['max-hands'], 2, 1, 10),
      model: values.model,
      mirrored: values.mirrored,
    });
    const emit = values.json ? writeLine : async () => {};
    let failures = problems.length;
    try {
      // Decode the next image while the models work on this one.
      let nextImage: Promise<RgbImage> | undefined;
      for (let index = 0; index < files.length; index++) {
        const file = files[index]!;
        const image = file.kind === 'image' ? (nextImage ?? decodeImageFile(file.path)) : undefined;
        const following = files[index + 1];
        nextImage = following?.kind === 'image' ? decodeImageFile(following.path) : undefined;
        nextImage?.catch(() => {}); // reported when its turn comes
        progress.update(`[${index + 1}/${files.length}] ${file.path}`);
        try {
          const summary = image ? await analyzeImage(landmarker, file, await image, emit) : await analyzeVideo(landmarker, file, emit);
          progress.report(`${file.path}: ${summary}`);
        } catch (error) {
          failures++;
          progress.report(`error: ${file.path}: ${errorMessage(error)}`);
        }
      }
    } finally {
      progress.done();
      await landmarker.close();
    }
    if (failures > 0) progress.report(`${failures} of ${files.length + problems.length} inputs failed`);
    return failures > 0 ? 1 : 0;
  },
};

type Emit = (line: string) => Promise<void>;

async function analyzeImage(landmarker: HandLandmarker, file: InputFile, image: RgbImage, emit: Emit): Promise<string> {
  const result = await landmarker.detect(image);
  await emit(JSON.stringify(analyzeRecord(file.path, 0, 0, result)));
  return `${result.handsDetected} hand(s)`;
}

async function analyzeVideo(landmarker: HandLandmarker, file: InputFile, emit: Emit): Promise<string> {
  landmarker.resetTracking();
  let frames = 0;
  let framesWithHands = 0;
  for await (const frame of decodeVideoFrames(file.path)) {
    const result = await landmarker.detectForVideo(frame.image, frame.timestampMs);
    frames++;
    if (result.handsDetected > 0) framesWithHands++;
    await emit(JSON.stringify(analyzeRecord(file.path, frame.index, frame.timestampMs, result)));
  }
  return `${frames} frames, hands in ${framesWithHands}`;
}
