import { HandLandmarker } from '../../extraction/hand-landmarker.js';
import { openSource } from '../../ingestion/open-source.js';
import { parseSourceSpec, type SourceSpec } from '../../ingestion/source-spec.js';
import { recordedSamples, type Take } from '../../inference/custom/gesture-recording.js';
import { GestureStore } from '../../inference/custom/gesture-store.js';
import type { GestureKind } from '../../inference/custom/gesture-kinds.js';
import { DEFAULT_GESTURES_FILE, gesturesFileToUse } from '../../inference/custom/gestures-file.js';
import { handsInSource } from '../../inference/custom/hands-in-source.js';
import type { HandflowConfig } from '../../orchestrator/config.js';
import type { Command } from '../command.js';
import { FlagSettings } from '../flag-settings.js';
import { loadCliConfig } from '../load-cli-config.js';
import { integerOption, parseOptions } from '../parse-options.js';
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
  --config FILE      settings file (default: handflow.config.json in this folder, if present): sources are read
                     with its capture settings (a camera's mirroring, above all) and hands found with its
                     extraction settings, as run and serve read them

A project acts on the trained gestures when it names the file: "customGestures": "F" in its settings (and the
gesture names in its actions' "on"). handflow serve also shows them in the dashboard (--gestures F).`;

export const gesturesCommand: Command = {
  summary: 'teach, list and remove custom gestures',
  usage: USAGE,
  async run(args) {
    const { values, positionals } = parseOptions({
      args,
      allowPositionals: true,
      options: {
        file: { type: 'string' },
        source: { type: 'string', multiple: true },
        moving: { type: 'boolean', default: false },
        frames: { type: 'string' },
        model: { type: 'string' },
        config: { type: 'string' },
      },
    });
    const [action, name, ...rest] = positionals;
    if (rest.length > 0) throw new UsageError(`unexpected "${rest.join(' ')}"`);
    const store = new GestureStore(await gesturesFileToUse(values.file, '--file'));
    switch (action) {
      case 'record': {
        if (name === undefined) throw new UsageError('name the gesture: letters, digits, _ and -, starting with a letter or digit');
        if (!values.source?.length) throw new UsageError('say where the samples are with --source');
        const frameLimit = values.frames === undefined ? undefined : integerOption('frames', values.frames, 0, 1, 1_000_000);
        const kind: GestureKind = values.moving ? 'moving' : 'static';
        const config = await loadCliConfig(values.config, new FlagSettings().set('extraction.model', '--model', values.model));
        return record(store, name, kind, values.source, frameLimit, config);
      }
      case 'train':
        return train(store, name);
      case 'list':
        return list(store, name);
      case 'remove':
        if (name === undefined) throw new UsageError('name the gesture to remove');
        return remove(store, name);
      default:
        throw new UsageError(action === undefined ? 'say what to do: record, train, list or remove' : `unknown action "${action}"`);
    }
  },
};

async function record(store: GestureStore, name: string, kind: GestureKind, sources: string[], frameLimit: number | undefined, config: HandflowConfig): Promise<number> {
  await store.checkRecordable(name, kind);
  const specs = await Promise.all(sources.map((text) => parseSourceSpec(text)));
  for (const spec of specs) checkSource(spec, kind, frameLimit);
  // One hand a take; handedness (which `mirrored` labels) is not part of a sample.
  const landmarker = await HandLandmarker.create({ ...config.extraction, maxHands: 1 });
  const takes: Take[] = [];
  try {
    for (const [index, spec] of specs.entries()) {
      takes.push({ from: sources[index]!, hands: await handsInSource(landmarker, openSource(spec, config.capture), frameLimit) });
    }
  } finally {
    await landmarker.close();
  }
  const recorded = recordedSamples(kind, takes);
  const gesture = await store.addSamples(name, kind, recorded);
  console.error(`handflow: ${recorded.samples.length} ${kind} sample(s) of "${name}" added to ${store.path} (${gesture.samples} in all); run "handflow gestures train" next`);
  return 0;
}

function checkSource(spec: SourceSpec, kind: GestureKind, frameLimit: number | undefined): void {
  const live = spec.kind === 'webcam' || spec.kind === 'network';
  if (live && frameLimit === undefined) throw new UsageError('a camera or stream never ends: say how many frames to record with --frames');
  if (kind === 'moving' && spec.kind === 'images') throw new UsageError('a moving gesture needs a video, camera or stream, not still images');
}

async function train(store: GestureStore, extra: string | undefined): Promise<number> {
  if (extra !== undefined) throw new UsageError(`"train" takes no name (it trains every gesture), not "${extra}"`);
  for (const model of await store.train()) {
    console.log(`${model.kind}: ${model.gestures} gesture(s), ${model.samples} sample(s), leave-one-out accuracy ${(model.accuracy * 100).toFixed(1)}% (k=${model.k})`);
    if (model.advice !== undefined) console.log(`  ${model.advice}`);
  }
  return 0;
}

async function list(store: GestureStore, extra: string | undefined): Promise<number> {
  if (extra !== undefined) throw new UsageError(`"list" takes no name, not "${extra}"`);
  const gestures = await store.list();
  for (const gesture of gestures) {
    console.log(`${gesture.name.padEnd(20)} ${gesture.kind.padEnd(7)} ${String(gesture.samples).padStart(5)} sample(s)${gesture.trained ? '' : '  (not trained)'}`);
  }
  if (gestures.length === 0) console.log(`no gestures in ${store.path}`);
  return 0;
}

async function remove(store: GestureStore, name: string): Promise<number> {
  const left = await store.remove(name);
  console.error(`handflow: removed "${name}" from ${store.path}${left.length > 0 ? '; run "handflow gestures train" again' : ''}`);
  return 0;
}
