import type { HandLandmarker } from '../extraction/hand-landmarker.js';
import type { InputFile } from '../ingestion/input-files.js';
import { openSource } from '../ingestion/open-source.js';
import { analyzeRecord } from './analyze-record.js';

/** Where a record line goes; awaited, so a slow reader slows the analysis rather than growing memory. */
export type EmitLine = (line: string) => Promise<void>;

/**
 * Every frame of one input through the engine, each as a `handflow analyze --json` line: stills on their own,
 * videos with tracking, until `stop`. Returns the summary shown for it (`2 hand(s)`, `325 frames, hands in 320`).
 * @throws HandflowError when the input cannot be read (what the ingestion stage says of it).
 */
export async function analyzeInput(landmarker: HandLandmarker, file: InputFile, emit: EmitLine, stop?: AbortSignal): Promise<string> {
  const source = openSource({ kind: file.kind === 'image' ? 'images' : 'video-file', path: file.path }, { mirror: false });
  await source.start();
  landmarker.resetTracking();
  let frames = 0;
  let framesWithHands = 0;
  let hands = 0;
  try {
    for await (const frame of source.stream()) {
      if (stop?.aborted) break;
      const result = source.stills ? await landmarker.detect(frame.frame) : await landmarker.detectForVideo(frame.frame, frame.timestamp);
      frames++;
      hands = result.handsDetected;
      if (hands > 0) framesWithHands++;
      await emit(JSON.stringify(analyzeRecord(file.path, frame.frameNumber, frame.timestamp, result)));
    }
  } finally {
    await source.stop();
  }
  return source.stills ? `${hands} hand(s)` : `${frames} frames, hands in ${framesWithHands}`;
}
