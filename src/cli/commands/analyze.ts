import { errorMessage } from '../../core/errors.js';
import { HandLandmarker } from '../../extraction/hand-landmarker.js';
import type { FrameSource } from '../../ingestion/frame-source.js';
import { expandInputs, type InputFile } from '../../ingestion/input-files.js';
import { openSource } from '../../ingestion/open-source.js';
import { analyzeRecord } from '../analyze-record.js';
import type { Command } from '../command.js';
import { Progress, writeLine } from '../output-lines.js';
import { progressBar } from '../progress-bar.js';
import { integerOption, modelOption, parseOptions } from '../parse-options.js';
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

    const progress = new Progress();
    const { files, problems } = await expandInputs(positionals);
    for (const problem of problems) progress.report(`error: ${problem.path}: ${problem.message}`);
    const landmarker = await HandLandmarker.create({
      maxHands: integerOption('max-hands', values['max-hands'], 2, 1, 10),
      model: modelOption(values.model),
      mirrored: values.mirrored,
    });
    const emit = values.json ? writeLine : async () => {};
    let failures = problems.length;
    try {
      // The next image is decoded (its source started) while the models work on this one.
      let ahead: FrameSource | undefined;
      for (let index = 0; index < files.length; index++) {
        const file = files[index]!;
        const source = ahead ?? startInput(file);
        const following = files[index + 1];
        ahead = following?.kind === 'image' ? startInput(following) : undefined;
        const position = `[${index + 1}/${files.length}] ${file.path}`;
        progress.update(position);
        try {
          const summary = await analyzeSource(landmarker, file, source, emit, (bar) => progress.update(`${position} ${bar}`));
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

/** Opens and starts an input through the ingestion stage; a failure to open comes out of its stream. */
function startInput(file: InputFile): FrameSource {
  const source = openSource({ kind: file.kind === 'image' ? 'images' : 'video-file', path: file.path }, { mirror: false });
  source.start().catch(() => {}); // the same error is thrown by its stream, in turn
  return source;
}

/** Every frame of one input through the engine: stills on their own, videos with tracking. */
async function analyzeSource(landmarker: HandLandmarker, file: InputFile, source: FrameSource, emit: Emit, showProgress: (bar: string) => void): Promise<string> {
  landmarker.resetTracking();
  let frames = 0;
  let framesWithHands = 0;
  let hands = 0;
  let shownPercent = -1;
  for await (const frame of source.stream()) {
    const result = source.stills ? await landmarker.detect(frame.frame) : await landmarker.detectForVideo(frame.frame, frame.timestamp);
    frames++;
    hands = result.handsDetected;
    if (hands > 0) framesWithHands++;
    await emit(JSON.stringify(analyzeRecord(file.path, frame.frameNumber, frame.timestamp, result)));
    const durationMs = source.extent?.durationMs;
    const percent = durationMs ? Math.floor((100 * frame.timestamp) / durationMs) : -1;
    if (percent > shownPercent) showProgress(progressBar(percent / 100));
    shownPercent = Math.max(shownPercent, percent);
  }
  return source.stills ? `${hands} hand(s)` : `${frames} frames, hands in ${framesWithHands}`;
}
