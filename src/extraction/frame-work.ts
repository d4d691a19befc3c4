import type { RgbImage } from '../core/image.js';
import { palmDetectionToRect } from './geometry/detection-to-rect.js';
import { landmarksBoundingBox, palmSize, rectOverlap, type BoundingBox } from './geometry/hand-box.js';
import { SAME_HAND_OVERLAP, pairHands } from './geometry/hand-pairing.js';
import { landmarkShift } from './geometry/landmark-shift.js';
import { handLandmarksToRect } from './geometry/landmarks-to-rect.js';
import { closeUpRect } from './geometry/palm-search-plan.js';
import type { PalmView } from './geometry/palm-views.js';
import type { Detection, Point, RotatedRect } from './geometry/types.js';
import type { ResolvedHandLandmarkerOptions } from './hand-landmarker-options.js';
import { createExtractionResult, type ExtractionResult, type ExtractionTimings, type HandLandmarks } from './hand-landmarker-result.js';
import type { HandLandmarkModel, HandLandmarkRun } from './landmark-model.js';
import type { PalmDetectionRun, PalmDetector } from './palm-detector.js';
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
export interface TrackedHand {
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

/** A still image, read on its own, or a video frame, read with the hands tracked from the frame before. */
export type Mode = 'image' | 'video';

function toPoints(landmarks: Float32Array): Point[] {
  const points: Point[] = [];
  for (let i = 0; i < landmarks.length; i += 3) points.push({ x: landmarks[i]!, y: landmarks[i + 1]! });
  return points;
}

/**
 * The work on one frame for HandLandmarker: palms read into hands (crops read again until they settle, for still
 * images), the hands found so far, and where the time went.
 */
export class FrameWork {
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
