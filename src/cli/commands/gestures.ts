import { HandflowError } from '../../core/errors.js';
import type { HandLandmarks } from '../../extraction/hand-landmarker-result.js';
import { HandLandmarker } from '../../extraction/hand-landmarker.js';
import { openSource } from '../../ingestion/open-source.js';
import { parseSourceSpec, type SourceSpec } from '../../ingestion/source-spec.js';
import type { GestureKind } from '../../inference/custom/gesture-kinds.js';
import {
  DEFAULT_GESTURES_FILE,
  readGesturesFile,
  readOrCreateGesturesFile,
  writeGesturesFile,
  type GesturesFile,
} from '../../inference/custom/gestures-file.js';
import { fingertipSample, motionFeatures, poseFeatures, type FingertipSample } from '../../inference/custom/hand-samples.js';
import { trainGestures } from '../../inference/custom/train-gestures.js';
import type { Command } from '../command.js';
import { integerOption, modelOption, parseOptions } from '../parse-options.js';
import { UsageError } from '../usage-error.js';

const USAGE = `Usage: handflow gestures <record|train|list|remove> [options]

Teaches handflow gestures of your own from a few samples, kept in a gestures file.

  handflow gestures record <name> --source S [--source S ...] [--moving] [--frames N]
        adds samples of <name>: a hand pose from every image or frame with a hand in it, or with --moving
        the index fingertip's path, one sample per source (perform the gesture once per clip)
  handflow gestures train            calibrates the learner on every sample and reports its accuracy
  handflow gestures list             the gestures, their samples, and whether they are trained
  handflow gestures remove <name>    forgets a gesture and its samples

Options:
  --file F           the gestures file (default ${DEFAULT_GESTURES_FILE} in this folder)
  --source S         webcam, webcam:N, a video or image file, a folder of images, an rtsp:// or http:// URL
  --moving           record a moving gesture (a fingertip path) rather than a hand pose
  --frames N         stop each source after N frames (needed for cameras and streams)
  --model lite|full  landmark model size (default full)

The inference setting customGestures: F puts the trained gestures to use.`;

/** A sample path needs enough frames with a hand to show its shape. */
const MIN_PATH_FRAMES = 8;
const NAME = /^[A-Za-z0-9][\w-]*$/;

export const gesturesCommand: Command = {
  summary: 'teach, list and remove custom gestures',
  usage: USAGE,
  async run(args) {
    const { values, positionals } = parseOptions({
      args,
      allowPositionals: true,
      options: {
        file: { type: 'string', default: DEFAULT_GESTURES_FILE },
        source: { type: 'string', multiple: true },
        moving: { type: 'boolean', default: false },
        frames: { type: 'string' },
        model: { type: 'string', default: 'full' },
      },
    });
    const [action, name, ...rest] = positionals;
    if (rest.length > 0) throw new UsageError(`unexpected "${rest.join(' ')}"`);
    const path = values.file;
    switch (action) {
      case 'record': {
        if (name === undefined || !NAME.test(name) || name === 'none') throw new UsageError('name the gesture: letters, digits, _ and -, starting with a letter or digit');
        if (!values.source?.length) throw new UsageError('say where the samples are with --source');
        const frameLimit = values.frames === undefined ? undefined : integerOption('frames', values.frames, 0, 1, 1_000_000);
        const kind: GestureKind = values.moving ? 'moving' : 'static';
        return record(path, name, kind, values.source, frameLimit, modelOption(values.model));
      }
      case 'train':
        return train(path, name);
      case 'list':
        return list(path, name);
      case 'remove':
        if (name === undefined) throw new UsageError('name the gesture to remove');
        return remove(path, name);
      default:
        throw new UsageError(action === undefined ? 'say what to do: record, train, list or remove' : `unknown action "${action}"`);
    }
  },
};

async function record(path: string, name: string, kind: GestureKind, sources: string[], frameLimit: number | undefined, model: 'full' | 'lite'): Promise<number> {
  const file = await readOrCreateGesturesFile(path);
  const existing = file.gestures.find((gesture) => gesture.name === name);
  if (existing !== undefined && existing.kind !== kind) {
    throw new UsageError(`"${name}" is already a ${existing.kind} gesture in ${path}: ${existing.kind === 'moving' ? 'add --moving' : 'drop --moving'}, or remove it first`);
  }
  const specs = await Promise.all(sources.map((text) => parseSourceSpec(text)));
  for (const spec of specs) checkSource(spec, kind, frameLimit);
  const landmarker = await HandLandmarker.create({ model, maxHands: 1 });
  const samples: number[][] = [];
  const durationsMs: number[] = [];
  try {
    for (const [index, spec] of specs.entries()) {
      const hands = await handsIn(landmarker, spec, frameLimit);
      if (kind === 'static') {
        samples.push(...hands.map(({ hand }) => poseFeatures(hand)));
        continue;
      }
      if (hands.length < MIN_PATH_FRAMES) {
        throw new HandflowError('INPUT_UNREADABLE', `${sources[index]}: a hand in only ${hands.length} frames, too few for a path (at least ${MIN_PATH_FRAMES})`);
      }
      const path = hands.map(({ hand, imageWidth, timestampMs }) => fingertipSample(hand, imageWidth, timestampMs));
      samples.push(motionFeatures(path));
      durationsMs.push(durationOf(path));
    }
  } finally {
    await landmarker.close();
  }
  if (samples.length === 0) throw new HandflowError('INPUT_UNREADABLE', `no hand found in ${sources.join(', ')}: nothing recorded`);

  const gesture = existing ?? { name, kind, samples: [] };
  gesture.samples.push(...samples);
  if (kind === 'moving') gesture.durationsMs = [...(gesture.durationsMs ?? []), ...durationsMs];
  const gestures = existing ? file.gestures : [...file.gestures, gesture];
  await writeGesturesFile(path, untrained({ ...file, gestures }));
  console.error(`handflow: ${samples.length} ${kind} sample(s) of "${name}" added to ${path} (${gesture.samples.length} in all); run "handflow gestures train" next`);
  return 0;
}

function checkSource(spec: SourceSpec, kind: GestureKind, frameLimit: number | undefined): void {
  const live = spec.kind === 'webcam' || spec.kind === 'network';
  if (live && frameLimit === undefined) throw new UsageError('a camera or stream never ends: say how many frames to record with --frames');
  if (kind === 'moving' && spec.kind === 'images') throw new UsageError('a moving gesture needs a video, camera or stream, not still images');
}

interface SeenHand {
  hand: HandLandmarks;
  imageWidth: number;
  timestampMs: number;
}

/** The most confident hand of each frame (or image) of a source that has one, up to `frameLimit` frames. */
async function handsIn(landmarker: HandLandmarker, spec: SourceSpec, frameLimit: number | undefined): Promise<SeenHand[]> {
  const source = openSource(spec);
  const hands: SeenHand[] = [];
  landmarker.resetTracking();
  await source.start();
  try {
    let frames = 0;
    for await (const captured of source.stream()) {
      const result = source.stills ? await landmarker.detect(captured.frame) : await landmarker.detectForVideo(captured.frame, captured.timestamp);
      const hand = [...result.hands].sort((a, b) => b.confidence - a.confidence)[0];
      if (hand !== undefined) hands.push({ hand, imageWidth: result.imageWidth, timestampMs: captured.timestamp });
      if (++frames === frameLimit) break;
    }
  } finally {
    await source.stop();
  }
  return hands;
}

const durationOf = (path: FingertipSample[]) => Math.max(1, path.at(-1)!.timestampMs - path[0]!.timestampMs);

/** Any change to the samples makes the last training stale. */
function untrained({ trained: _stale, ...file }: GesturesFile): GesturesFile {
  return file;
}

async function train(path: string, extra: string | undefined): Promise<number> {
  if (extra !== undefined) throw new UsageError(`"train" takes no name (it trains every gesture), not "${extra}"`);
  const trained = trainGestures(await readGesturesFile(path));
  await writeGesturesFile(path, trained);
  for (const [kind, model] of Object.entries(trained.trained ?? {})) {
    const gestures = trained.gestures.filter((gesture) => gesture.kind === kind).length;
    console.log(`${kind}: ${gestures} gesture(s), ${model.sampleCount} samples, leave-one-out accuracy ${(model.accuracy * 100).toFixed(1)}% (k=${model.k})`);
  }
  return 0;
}

async function list(path: string, extra: string | undefined): Promise<number> {
  if (extra !== undefined) throw new UsageError(`"list" takes no name, not "${extra}"`);
  const file = await readGesturesFile(path);
  for (const gesture of file.gestures) {
    const trained = file.trained?.[gesture.kind] !== undefined;
    console.log(`${gesture.name.padEnd(20)} ${gesture.kind.padEnd(7)} ${String(gesture.samples.length).padStart(5)} sample(s)${trained ? '' : '  (not trained)'}`);
  }
  if (file.gestures.length === 0) console.log(`no gestures in ${path}`);
  return 0;
}

async function remove(path: string, name: string): Promise<number> {
  const file = await readGesturesFile(path);
  if (!file.gestures.some((gesture) => gesture.name === name)) {
    throw new HandflowError('INVALID_OPTION', `no gesture "${name}" in ${path}; it has ${file.gestures.map((gesture) => gesture.name).join(', ') || 'none'}`);
  }
  const gestures = file.gestures.filter((gesture) => gesture.name !== name);
  await writeGesturesFile(path, untrained({ ...file, gestures }));
  console.error(`handflow: removed "${name}" from ${path}${gestures.length > 0 ? '; run "handflow gestures train" again' : ''}`);
  return 0;
}
