import { HandflowError } from '../core/errors.js';
import { assertRgbImage, type RgbImage } from '../core/image.js';
import { lumaGrid, type LumaGrid } from '../preprocessing/luma-grid.js';
import { FrameWork, type Mode, type TrackedHand } from './frame-work.js';
import { detectionBox, landmarksBoundingBox, palmCenter } from './geometry/hand-box.js';
import { stillImageExtraSearches, videoSearchView } from './geometry/palm-search-plan.js';
import { handAndForearmRegion, sceneChangedOutside } from './geometry/scene-change.js';
import type { Point, RotatedRect } from './geometry/types.js';
import {
  resolveHandLandmarkerOptions,
  type HandLandmarkerOptions,
  type ResolvedHandLandmarkerOptions,
} from './hand-landmarker-options.js';
import type { ExtractionResult, HandLabel, HandLandmarks } from './hand-landmarker-result.js';
import { HandLandmarkModel, type HandLandmarkRun } from './landmark-model.js';
import { PalmDetector, type PalmDetectionRun } from './palm-detector.js';

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
  /** The frame as the palm detector last looked for new hands, and where the hands tracked then moved things. */
  private sceneAtPalmSearch: { grid: LumaGrid; handRegions: RotatedRect[] } | undefined;
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
        this.sceneAtPalmSearch = undefined;
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
      // With some hands tracked, the palm detector looks for the others now and then (palmSearchDue), in its
      // worker thread while the caller gets the next frame and the landmark model follows its hands; its palms
      // join that next frame, so no frame's hands wait for it.
      if (tracked.length > 0 && next.length > 0 && next.length < this.options.maxHands && this.palmSearchDue(image, timestampMs, next)) {
        this.lastPalmSearchMs = timestampMs;
        const palms = frame.startPalmSearch(next.map((hand) => hand.box));
        palms.catch(() => {}); // awaited on the next call; this only keeps a failure from going unhandled
        this.palmSearch = { palms, width: image.width, height: image.height };
      }
      return result;
    });
  }

  /**
   * Whether to look for new hands on this frame: once per palmSearchIntervalMs if anything but the tracked hands
   * (and their forearms) changed since the last look, else once per stillScenePalmSearchIntervalMs. A hand
   * entering changes the frame; a still scene with one hand in it (a kiosk, a desk) needs no look every 200 ms.
   */
  private palmSearchDue(image: RgbImage, timestampMs: number, hands: readonly TrackedHand[]): boolean {
    const { palmSearchIntervalMs, stillScenePalmSearchIntervalMs } = this.options;
    const sinceLastSearch = timestampMs - this.lastPalmSearchMs;
    if (sinceLastSearch < palmSearchIntervalMs) return false;
    if (stillScenePalmSearchIntervalMs <= palmSearchIntervalMs) return true;
    const grid = lumaGrid(image);
    const handRegions = hands.map((hand) => handAndForearmRegion(hand.rect));
    const earlier = this.sceneAtPalmSearch;
    const due =
      earlier === undefined ||
      sinceLastSearch >= stillScenePalmSearchIntervalMs ||
      sceneChangedOutside(earlier.grid, grid, [...earlier.handRegions, ...handRegions]);
    if (due) this.sceneAtPalmSearch = { grid, handRegions };
    return due;
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
    this.sceneAtPalmSearch = undefined;
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
