import { HandflowError } from '../core/errors.js';
import { assertRgbImage, type RgbImage } from '../core/image.js';
import { palmDetectionToRect } from './geometry/detection-to-rect.js';
import { detectionBox, landmarksBoundingBox, palmCenter, palmSize, rectOverlap, type BoundingBox } from './geometry/hand-box.js';
import { SAME_HAND_OVERLAP, pairHands } from './geometry/hand-pairing.js';
import { landmarkShift } from './geometry/landmark-shift.js';
import { handLandmarksToRect } from './geometry/landmarks-to-rect.js';
import { closeUpRect, stillImageExtraSearches, videoSearchView } from './geometry/palm-search-plan.js';
import type { PalmView } from './geometry/palm-views.js';
import type { Detection, Point, RotatedRect } from './geometry/types.js';
import {
  resolveHandLandmarkerOptions,
  type HandLandmarkerOptions,
  type ResolvedHandLandmarkerOptions,
} from './hand-landmarker-options.js';
import {
  createExtractionResult,
  type ExtractionResult,
  type ExtractionTimings,
  type HandLabel,
  type HandLandmarks,
} from './hand-landmarker-result.js';
import { HandLandmarkModel, type HandLandmarkRun } from './landmark-model.js';
import { PalmDetector, type PalmDetectionRun } from './palm-detector.js';
import { elapsedMs } from './stopwatch.js';

/**
 * Still images only: palms scored down to this are considered, and accepted when the landmark model is
 * sure of the hand (WEAK_PALM_MIN_PRESENCE). Hands seen from the back, tilted or small often score low as
 * palms while the landmark model recognises them well; an empty scene's best palm scores under 0.03.
 */
const STILL_IMAGE_PALM_FLOOR = 0.05;
const WEAK_PALM_MIN_PRESENCE = 0.7;

/**
 * Still images: a hand is read again in the crop its landmarks give (MediaPipe's rect-from-landmarks loop, as the
 * next frames of a video would), until the crop settles, up to MAX_LOOKS readings in all; each reading replaces
 * the one before unless the model is markedly less sure of it (DRIFTED_PRESENCE_DROP).
 * A crop overlapping the one read less than POOR_CROP_OVERLAP (a poor palm box: hands close to the camera, far
 * from it or cut by the frame's edge) is always read again; one overlapping less than SETTLED_CROP_OVERLAP only
 * while the model is less than CERTAIN_PRESENCE sure of the hand. Hands the model is sure of in a crop near its
 * own, most hands in ordinary photos, are read once, as MediaPipe reads them.
 */
const MAX_LOOKS = 4;
const POOR_CROP_OVERLAP = 0.7;
const SETTLED_CROP_OVERLAP = 0.9;
const CERTAIN_PRESENCE = 0.99;
/**
 * A look whose presence falls this much below the one before has drifted off the hand: in MediaPipe's two_hands.jpg
 * the crops of the hand behind slide onto the hand in front, its presence going from 0.84 to 0.50.
 */
const DRIFTED_PRESENCE_DROP = 0.1;
/**
 * Two looks at a hand whose landmarks lie within this many palm sizes of each other on average (landmarkShift)
 * read it alike; a hand read again from a poor palm box and read alike keeps its first look. HaGRID's ok photo is one: 0.083 apart in the image, but the later looks put the thumb and index
 * tips 0.43 palm lengths apart in depth, opening the ring (as tracking does on the next frame of a video).
 */
const SAME_READING_SHIFT = 0.1;

/**
 * Still images: the palm search goes on at other scales until the landmark model is this sure of some hand. Hands
 * found at MediaPipe's scale alone can be part of a hand taken for one (a fingertip, the knuckles of a fist, where
 * a hand is too close, compressed or dark for the palm detector to see it whole); the model was less sure than this
 * of all 55 such phantoms on the finger-count photos' variants, and at least this sure of 89% of the real hands.
 */
const SURE_PRESENCE = 0.95;

/** A hand followed from one video frame to the next. */
interface TrackedHand {
  /** Where the landmark model looks for it in the next frame (from this frame's landmarks). */
  rect: RotatedRect;
  /** Its landmarks' bounding box, hidden from the palm detector while the hand is tracked. */
  box: BoundingBox;
}

interface HandCandidate extends TrackedHand {
  run: HandLandmarkRun;
  points: Point[];
  palmSize: number;
}

type Mode = 'image' | 'video';

/** Palms looked for on one frame, for the next frame of the same size. */
interface PalmSearch {
  palms: Promise<PalmDetectionRun>;
  width: number;
  height: number;
}

/**
 * Finds up to `maxHands` hands and their 21 landmarks: MediaPipe's hand tracking graph on ONNX Runtime.
 * `detect` treats every image on its own; `detectForVideo` follows hands from frame to frame and runs the
 * palm detector only when a hand is missing. One call at a time per instance.
 */
export class HandLandmarker {
  readonly options: ResolvedHandLandmarkerOptions;
  private tracked: TrackedHand[] = [];
  private lastTimestampMs = Number.NEGATIVE_INFINITY;
  /** Video time of the palm detector's last look, for palmSearchIntervalMs. */
  private lastPalmSearchMs = Number.NEGATIVE_INFINITY;
  /** Palm searches in a row with no hand tracked: which scale the next one looks at (videoSearchView). */
  private searchesWithoutHand = 0;
  /** The periodic look for new hands, still running in the palm worker or its palms not yet used. */
  private palmSearch: PalmSearch | undefined;
  private busy = false;
  private closed: Promise<void> | undefined;

  private constructor(
    options: ResolvedHandLandmarkerOptions,
    private readonly palmDetector: PalmDetector,
    private readonly landmarkModel: HandLandmarkModel,
  ) {
    this.options = options;
  }

  /**
   * `placement.palmThread: false` runs the palm detector on the caller's thread rather than one of its own: for
   * callers that already run an engine on every core (`handflow analyze`), where the extra thread only adds hand-overs.
   */
  static async create(options: HandLandmarkerOptions = {}, placement: { readonly palmThread?: boolean } = {}): Promise<HandLandmarker> {
    const resolved = resolveHandLandmarkerOptions(options);
    const [palmDetector, landmarkModel] = await Promise.allSettled([
      PalmDetector.create(resolved.model, resolved.threads, resolved.modelDirectory, placement.palmThread ?? true),
      HandLandmarkModel.create(resolved.model, resolved.threads, resolved.modelDirectory, resolved.precision),
    ]);
    if (palmDetector.status === 'fulfilled' && landmarkModel.status === 'fulfilled') return new HandLandmarker(resolved, palmDetector.value, landmarkModel.value);
    // One model loaded without the other: release it (a worker thread, native memory) before failing.
    if (palmDetector.status === 'fulfilled') await palmDetector.value.close();
    if (landmarkModel.status === 'fulfilled') await landmarkModel.value.close();
    throw palmDetector.status === 'rejected' ? palmDetector.reason : (landmarkModel as PromiseRejectedResult).reason;
  }

  /** Hands in a still image, with no memory of earlier calls. */
  detect(image: RgbImage): Promise<ExtractionResult> {
    return this.exclusive(async () => {
      // A video frame's search may still be running: the detector must be free, and its palms are not this image's.
      await this.dropPalmSearch();
      const frame = this.startFrame(image, 0, 'image');
      const palms = await frame.searchPalms([]);
      // Where hands overlap, the detector reports one palm: look again with the palms found hidden, in the
      // palm worker while the landmark model works on the first palms here.
      const found = palms.detections;
      const lookBehind = found.length > 0 && found.length < this.options.maxHands;
      const behind = lookBehind ? frame.searchPalms(found.map((palm) => detectionBox(palm, image.width, image.height))) : undefined;
      behind?.catch(() => {}); // awaited below; this only keeps an earlier failure from leaving it unhandled
      // Every palm's hand is a candidate; the hands are chosen from them all at the end.
      await frame.readPalms(found);
      if (!frame.hasCandidates) await frame.readWeakPalms(palms.weakDetections);
      if (behind) await frame.readPalms((await behind).detections);
      // No hand the model is sure of at MediaPipe's scale: look for one too close to the camera or too far from it
      // at other scales (a hand found so far may be only part of one).
      for (const views of stillImageExtraSearches(image.width, image.height)) {
        if (frame.hasSureHand) break;
        const more = await frame.searchPalms([], views);
        await frame.readPalms(more.detections);
        if (!frame.hasCandidates) await frame.readWeakPalms(more.weakDetections);
      }
      // Still none: a hand so close that it fills the frame, which the palm detector sees at no scale.
      if (!frame.hasSureHand) await frame.readCloseUp();
      frame.keepSurestCandidates();
      return frame.finish().result;
    });
  }

  /**
   * Hands in one frame of a stream. Timestamps must increase; a timestamp that goes back (a seek, a new
   * stream) starts tracking afresh.
   */
  detectForVideo(image: RgbImage, timestampMs: number): Promise<ExtractionResult> {
    if (!Number.isFinite(timestampMs)) {
      return Promise.reject(new HandflowError('INVALID_OPTION', `detectForVideo needs a finite timestamp in milliseconds, not ${timestampMs}`));
    }
    return this.exclusive(async () => {
      if (timestampMs <= this.lastTimestampMs) this.forget();
      this.lastTimestampMs = timestampMs;
      const frame = this.startFrame(image, timestampMs, 'video');
      const tracked = this.tracked;
      const earlier = this.palmSearch;
      this.palmSearch = undefined;
      if (tracked.length === 0) {
        // A hand lost or none yet: look on this frame at once, once the detector is free.
        if (earlier) frame.countPalmSearch(await earlier.palms);
        this.lastPalmSearchMs = timestampMs;
        const view = videoSearchView(image.width, image.height, this.searchesWithoutHand++);
        await frame.addConfidentPalms((await frame.searchPalms([], [view])).detections);
      } else {
        for (const hand of tracked) await frame.follow(hand.rect);
        const palms = earlier && frame.countPalmSearch(await earlier.palms);
        if (palms && earlier.width === image.width && earlier.height === image.height) await frame.addConfidentPalms(palms.detections);
      }
      const { result, next } = frame.finish();
      this.tracked = next;
      if (next.length > 0) this.searchesWithoutHand = 0;
      // With some hands tracked, the palm detector looks for the others once per palmSearchIntervalMs, in its
      // worker thread while the caller gets the next frame and the landmark model follows its hands; its palms
      // join that next frame, so no frame's hands wait for it.
      const { maxHands, palmSearchIntervalMs } = this.options;
      if (tracked.length > 0 && next.length > 0 && next.length < maxHands && timestampMs - this.lastPalmSearchMs >= palmSearchIntervalMs) {
        this.lastPalmSearchMs = timestampMs;
        const palms = frame.startPalmSearch(next.map((hand) => hand.box));
        palms.catch(() => {}); // awaited on the next call; this only keeps a failure from going unhandled
        this.palmSearch = { palms, width: image.width, height: image.height };
      }
      return result;
    });
  }

  /** Forgets the hands being tracked. */
  resetTracking(): void {
    this.forget();
    this.lastTimestampMs = Number.NEGATIVE_INFINITY;
  }

  /** Releases the models and the palm detector's thread; safe to call twice. Calls after it are refused. */
  close(): Promise<void> {
    // A palm search still running in the detector's thread must end before its model is released.
    this.closed ??= this.dropPalmSearch().then(() => Promise.all([this.palmDetector.close(), this.landmarkModel.close()])).then(() => {});
    return this.closed;
  }

  private async dropPalmSearch(): Promise<void> {
    const search = this.palmSearch;
    this.palmSearch = undefined;
    await search?.palms.catch(() => {});
  }

  private forget(): void {
    this.tracked = [];
    this.lastPalmSearchMs = Number.NEGATIVE_INFINITY;
    this.searchesWithoutHand = 0;
  }

  private startFrame(image: RgbImage, timestampMs: number, mode: Mode): FrameWork {
    assertRgbImage(image);
    return new FrameWork(image, timestampMs, mode, this.options, this.palmDetector, this.landmarkModel, (run, points) => this.toHand(run, points, image));
  }

  /** The models' input buffers are reused on every call, so calls must not overlap. */
  private async exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (this.closed) throw new HandflowError('MODEL_LOAD_FAILED', 'this HandLandmarker is closed: create another to detect hands');
    if (this.busy) throw new Error('HandLandmarker is still working on the previous frame: await each call before the next');
    this.busy = true;
    try {
      return await work();
    } finally {
      this.busy = false;
    }
  }

  private toHand(run: HandLandmarkRun, points: Point[], image: RgbImage): HandLandmarks {
    const { width, height } = image;
    const leftIfMirrored = run.leftIfMirrored >= 0.5;
    // The model labels hands as if the image were a mirror view; unmirrored images show the other hand.
    const isLeft = this.options.mirrored ? leftIfMirrored : !leftIfMirrored;
    const handLabel: HandLabel = isLeft ? 'Left' : 'Right';
    const landmarks = points.map((point, index) => ({
      x: point.x / width,
      y: point.y / height,
      z: run.landmarks[index * 3 + 2]! / width,
      pixelX: point.x,
      pixelY: point.y,
      visibility: run.presence,
    }));
    const world = run.worldLandmarks;
    const worldLandmarks = points.map((_, index) => ({ x: world[index * 3]!, y: world[index * 3 + 1]!, z: world[index * 3 + 2]! }));
    const box = landmarksBoundingBox(points);
    return {
      handLabel,
      handednessScore: leftIfMirrored ? run.leftIfMirrored : 1 - run.leftIfMirrored,
      landmarks,
      worldLandmarks,
      confidence: run.presence,
      wristPosition: { x: points[0]!.x, y: points[0]!.y },
      palmCenter: palmCenter(points),
      boundingBox: { x: box.x, y: box.y, width: box.width, height: box.height },
    };
  }
}

function toPoints(landmarks: Float32Array): Point[] {
  const points: Point[] = [];
  for (let i = 0; i < landmarks.length; i += 3) points.push({ x: landmarks[i]!, y: landmarks[i + 1]! });
  return points;
}

/** The work on one frame: the hands found so far and where the time went. */
class FrameWork {
  readonly hands: HandCandidate[] = [];
  /** Still images: every hand read from a palm, at any scale, before the hands are chosen among them. */
  private readonly candidates: HandCandidate[] = [];
  private readonly timings: ExtractionTimings = { preprocessMs: 0, palmModelMs: 0, landmarkModelMs: 0, postprocessMs: 0 };
  private readonly started = performance.now();

  constructor(
    private readonly image: RgbImage,
    private readonly timestampMs: number,
    private readonly mode: Mode,
    private readonly options: ResolvedHandLandmarkerOptions,
    private readonly palmDetector: PalmDetector,
    private readonly landmarkModel: HandLandmarkModel,
    private readonly toHand: (run: HandLandmarkRun, points: Point[]) => HandLandmarks,
  ) {}

  /** Runs the palm detector in `views` (default: MediaPipe's, the whole image) with `hidden` regions blacked out. */
  async searchPalms(hidden: readonly BoundingBox[], views?: readonly PalmView[]): Promise<PalmDetectionRun> {
    return this.countPalmSearch(await this.startPalmSearch(hidden, views));
  }

  /** Runs the palm detector on this frame without counting its time here: for a search another frame uses. */
  startPalmSearch(hidden: readonly BoundingBox[], views?: readonly PalmView[]): Promise<PalmDetectionRun> {
    const { minDetectionConfidence: minScore } = this.options;
    const weakScoreFloor = this.mode === 'image' ? Math.min(STILL_IMAGE_PALM_FLOOR, minScore) : minScore;
    return this.palmDetector.detect(this.image, { minScore, weakScoreFloor, hidden, views });
  }

  /** Counts a palm search's time in this frame. */
  countPalmSearch(palms: PalmDetectionRun): PalmDetectionRun {
    this.timings.preprocessMs += palms.preprocessMs;
    this.timings.palmModelMs += palms.modelMs;
    this.timings.postprocessMs += palms.postprocessMs;
    return palms;
  }

  /** Looks for a tracked hand in its rectangle from the previous frame; keeps it if still present. */
  async follow(rect: RotatedRect): Promise<void> {
    const hand = await this.landmarks(rect);
    if (hand.run.presence >= this.options.minTrackingConfidence) this.keep(hand);
  }

  /** Video: turns palms the detector is sure of into hands, strongest first, until maxHands. */
  async addConfidentPalms(palms: readonly Detection[]): Promise<void> {
    for (const palm of palms) {
      if (this.hands.length >= this.options.maxHands) return;
      const rect = palmDetectionToRect(palm, this.image.width, this.image.height);
      if (!this.isNew(rect)) continue;
      const hand = await this.landmarks(rect);
      if (hand.run.presence >= this.options.minTrackingConfidence) this.keep(hand);
    }
  }

  get hasCandidates(): boolean {
    return this.candidates.length > 0;
  }

  get hasSureHand(): boolean {
    return this.candidates.some((hand) => hand.run.presence >= SURE_PRESENCE);
  }

  /** Still images: reads the hand of each palm the detector is sure of (up to maxHands + 1, strongest first). */
  async readPalms(palms: readonly Detection[]): Promise<void> {
    for (const palm of this.strongestPalmRects(palms)) {
      if (this.wasRead(palm)) continue;
      const hand = await this.handInPalmCrop(palm);
      if (hand.run.presence >= this.options.minTrackingConfidence) this.candidates.push(hand);
    }
  }

  /**
   * Still images: palms the detector doubts are hands only if the landmark model is sure of them, after one
   * more pass from its own landmarks (a poor palm box gives a poor crop, and a second look often recovers it).
   */
  async readWeakPalms(palms: readonly Detection[]): Promise<void> {
    const required = Math.max(this.options.minTrackingConfidence, WEAK_PALM_MIN_PRESENCE);
    for (const palm of this.strongestPalmRects(palms)) {
      if (this.wasRead(palm)) continue;
      let hand = await this.handInPalmCrop(palm);
      if (hand.run.presence < required) {
        const refined = await this.landmarks(hand.rect);
        if (refined.run.presence > hand.run.presence) hand = refined;
      }
      if (hand.run.presence >= required) this.candidates.push(hand);
    }
  }

  /**
   * Still images: the hand read in a crop of the whole frame, upright, settled in the crops its landmarks give; kept
   * only if the model is sure of it, since no palm vouches for it.
   */
  async readCloseUp(): Promise<void> {
    const hand = await this.handInPalmCrop(closeUpRect(this.image.width, this.image.height));
    if (hand.run.presence >= SURE_PRESENCE) this.candidates.push(hand);
  }

  /**
   * Still images: the hands among the candidates, the surest first: a candidate reading a hand already kept is
   * dropped, and of a hand and a part of it taken for a hand, the hand is kept (pairHands); at most maxHands.
   */
  keepSurestCandidates(): void {
    const surestFirst = [...this.candidates].sort((a, b) => b.run.presence - a.run.presence);
    for (const hand of surestFirst) this.keep(hand);
    this.hands.splice(this.options.maxHands);
  }

  /** The crops of the strongest maxHands + 1 palms: more are seldom hands, and each costs a landmark model run. */
  private strongestPalmRects(palms: readonly Detection[]): RotatedRect[] {
    return palms.slice(0, this.options.maxHands + 1).map((palm) => palmDetectionToRect(palm, this.image.width, this.image.height));
  }

  /** Whether a candidate found its hand in this palm's crop already (MediaPipe's association of palm and tracked rects). */
  private wasRead(palmRect: RotatedRect): boolean {
    return this.candidates.some((hand) => rectOverlap(hand.rect, palmRect) > SAME_HAND_OVERLAP);
  }

  /**
   * Still images: the hand in the crop a palm gives, read again in the crop its landmarks give until that crop
   * settles (MAX_LOOKS, POOR_CROP_OVERLAP, SETTLED_CROP_OVERLAP): a poor palm box (a hand close to the camera, far
   * from it, cut by the frame's edge, dark or blurred) gives a poor crop, and the crop from the hand's own landmarks
   * is the one MediaPipe would read it in on the next frame of a video.
   */
  private async handInPalmCrop(palmRect: RotatedRect): Promise<HandCandidate> {
    let crop = palmRect;
    const first = await this.landmarks(crop);
    let hand = first;
    for (let look = 1; look < MAX_LOOKS && !this.cropSettled(crop, hand); look++) {
      const next = await this.landmarks(hand.rect);
      // A crop drifting off the hand (onto another hand it overlaps, say) loses the model's confidence: stop there.
      if (next.run.presence < hand.run.presence - DRIFTED_PRESENCE_DROP) break;
      crop = hand.rect;
      hand = next;
    }
    // A hand read again from a poor palm box, and read alike in its own crop, keeps MediaPipe's still-image answer,
    // the first; a hand read again because the model doubted it keeps the settled reading.
    const poorPalmBox = rectOverlap(palmRect, first.rect) < POOR_CROP_OVERLAP;
    return poorPalmBox && landmarkShift(first.points, hand.points) <= SAME_READING_SHIFT ? first : hand;
  }

  private cropSettled(crop: RotatedRect, hand: HandCandidate): boolean {
    const overlap = rectOverlap(crop, hand.rect);
    return overlap >= SETTLED_CROP_OVERLAP || (overlap >= POOR_CROP_OVERLAP && hand.run.presence >= CERTAIN_PRESENCE);
  }

  finish(): { result: ExtractionResult; next: TrackedHand[] } {
    const postStart = performance.now();
    const hands = this.hands.map((hand) => this.toHand(hand.run, hand.points));
    this.timings.postprocessMs += elapsedMs(postStart);
    const result = createExtractionResult({
      hands,
      extractionLatencyMs: elapsedMs(this.started),
      frameTimestamp: this.timestampMs,
      imageWidth: this.image.width,
      imageHeight: this.image.height,
      timings: this.timings,
    });
    return { result, next: this.hands.map(({ rect, box }) => ({ rect, box })) };
  }

  private async landmarks(rect: RotatedRect): Promise<HandCandidate> {
    const run = await this.landmarkModel.run(this.image, rect);
    this.timings.preprocessMs += run.preprocessMs;
    this.timings.landmarkModelMs += run.modelMs;
    this.timings.postprocessMs += run.postprocessMs;
    const points = toPoints(run.landmarks);
    return { run, points, palmSize: palmSize(points), rect: handLandmarksToRect(points), box: landmarksBoundingBox(points) };
  }

  /** A palm on a hand already found is that hand (MediaPipe's association of palm and tracked rects). */
  private isNew(rect: RotatedRect): boolean {
    return !this.hands.some((hand) => rectOverlap(hand.rect, rect) > SAME_HAND_OVERLAP);
  }

  /**
   * Keeps a hand unless it is one already found (pairHands: tight landmark boxes, not the enlarged tracking rects,
   * tell apart two hands held close together). Of a hand and a part of it taken for a hand (a curled finger), the
   * hand stays, whichever was found first.
   */
  private keep(hand: HandCandidate): void {
    for (const [index, other] of this.hands.entries()) {
      const pairing = pairHands(other, hand);
      switch (pairing) {
        case 'same-hand':
        case 'part-of-kept':
          return;
        case 'kept-is-part':
          this.hands.splice(index, 1, hand);
          return;
        case 'separate':
          break;
        default:
          throw new Error(`unknown hand pairing ${pairing satisfies never}`);
      }
    }
    this.hands.push(hand);
  }
}
