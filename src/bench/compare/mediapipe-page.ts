/*
 * Runs in Chromium, not in Node: the page the comparison opens loads this module (served by
 * mediapipe-page-server.ts) and Node drives it through `globalThis.mediapipeComparison` (mediapipe-in-chromium.ts).
 * It imports nothing, so that tsc compiles it as it is; the few browser and Tasks Vision types it needs are
 * declared here rather than pulling the DOM library into the Node project.
 */

declare const ImageData: new (data: Uint8ClampedArray, width: number, height: number) => object;

interface NormalizedPoint {
  x: number;
  y: number;
}

interface HandLandmarkerTask {
  detectForVideo(image: object, timestampMs: number): { landmarks: NormalizedPoint[][] };
  close(): void;
}

interface TasksVision {
  FilesetResolver: { forVisionTasks(wasmFolderUrl: string): Promise<unknown> };
  HandLandmarker: { createFromOptions(fileset: unknown, options: object): Promise<HandLandmarkerTask> };
}

/** What Node hands the page once: where everything is served. */
export interface PageSetup {
  visionBundleUrl: string;
  wasmFolderUrl: string;
  taskUrl: string;
  framesUrl: string;
  width: number;
  height: number;
  /** Each frame's presentation time; VIDEO mode needs them increasing. */
  timestampsMs: number[];
}

export interface PagePass {
  frames: number;
  framesWithHands: number;
  hands: number;
  wallMs: number;
  /** Per frame, the first hand's 21 landmarks in pixels (none when no hand was found). */
  firstHands: ([number, number][] | null)[];
}

let setup: PageSetup;
let vision: TasksVision;
let frames: object[] = [];
let landmarker: HandLandmarkerTask | undefined;
/** The landmarker of the last pass, closed when the next one is prepared so that closing is never timed. */
let spent: HandLandmarkerTask | undefined;

/** Loads Tasks Vision and every frame (RGBA, one after another in one file) before anything is timed. */
async function load(given: PageSetup): Promise<number> {
  setup = given;
  // A string the compiler does not resolve: the bundle is served by the page server, not installed for Node.
  const bundleUrl: string = given.visionBundleUrl;
  vision = (await import(bundleUrl)) as TasksVision;
  const bytes = await (await fetch(given.framesUrl)).arrayBuffer();
  const frameBytes = given.width * given.height * 4;
  frames = given.timestampsMs.map((_, index) => new ImageData(new Uint8ClampedArray(bytes, index * frameBytes, frameBytes), given.width, given.height));
  return frames.length;
}

/** A fresh HandLandmarker (VIDEO mode, CPU delegate): made before a timed pass, so its loading is not timed. */
async function prepare(numHands: number): Promise<void> {
  spent?.close();
  spent = undefined;
  const fileset = await vision.FilesetResolver.forVisionTasks(setup.wasmFolderUrl);
  landmarker = await vision.HandLandmarker.createFromOptions(fileset, {
    baseOptions: { modelAssetPath: setup.taskUrl, delegate: 'CPU' },
    runningMode: 'VIDEO',
    numHands,
  });
}

/** The timed part: the first `limit` frames through the prepared landmarker, one after another. */
function run(limit: number): PagePass {
  if (landmarker === undefined) throw new Error('prepare() a landmarker before run()');
  const count = Math.min(limit, frames.length);
  const firstHands: PagePass['firstHands'] = [];
  let framesWithHands = 0;
  let hands = 0;
  const started = performance.now();
  for (let index = 0; index < count; index++) {
    const found = landmarker.detectForVideo(frames[index]!, setup.timestampsMs[index]!).landmarks;
    if (found.length > 0) framesWithHands++;
    hands += found.length;
    firstHands.push(found[0] ? found[0].map((point): [number, number] => [point.x * setup.width, point.y * setup.height]) : null);
  }
  const wallMs = performance.now() - started;
  // Each pass starts from a fresh landmarker, with no hand tracked from the pass before.
  spent = landmarker;
  landmarker = undefined;
  return { frames: count, framesWithHands, hands, wallMs, firstHands };
}

const api = { load, prepare, run };
/** What Node calls on the page, as `globalThis.mediapipeComparison`. */
export type PageApi = typeof api;
(globalThis as { mediapipeComparison?: PageApi }).mediapipeComparison = api;
