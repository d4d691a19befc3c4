import type { ActionType } from './action-config.js';
import { carryGestures, type ActionFrame } from './action-frame.js';
import type { ActionHandler, OutputAction } from './output-action.js';

/**
 * An action holding something down (a mouse button mid-drag) lets it go when no frame has come for this long: the
 * source stalled or ended, the tab went to the background, and the user's own mouse must not drag meanwhile.
 */
export const LET_GO_WITHOUT_FRAMES_MS = 1000;

/**
 * An action as the pipeline runs it: disarmed until `arm`, one frame at a time, never throwing. A frame that
 * comes while the action is still busy waits; a later one takes its place and carries its gesture events, so
 * a slow action (a webhook retrying) lags behind by at most one frame and misses no gesture. What it holds
 * down is let go when frames stop (LET_GO_WITHOUT_FRAMES_MS).
 */
export class GuardedAction implements OutputAction {
  private isArmed = false;
  /** Counts disarms, so an arm whose readying outlasted one (the user's panic switch) does not arm after it. */
  private disarms = 0;
  /** Aborted on disarming: stops the frame under way between its gestures, and cuts a command or request short. */
  private armedRun = new AbortController();
  /** The readying under way: arms one at a time, so a disarm aborts the run of the arm that won. */
  private arming: Promise<void> | undefined;
  private busy: Promise<boolean> | undefined;
  /** The frame that waits for the busy one; `dropped` by a disarm, so that no re-arm meanwhile brings it back. */
  private waiting: { frame: ActionFrame; done: Promise<boolean>; dropped: boolean } | undefined;
  /** Lets go of what the handler holds unless another frame comes first. */
  private letGoTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly name: string,
    readonly type: ActionType,
    readonly dryRun: boolean,
    private readonly handler: ActionHandler,
    /** Told of every failure, with the frame it happened on. */
    private readonly onFailure: (error: unknown, frame: ActionFrame) => void,
  ) {}

  get armed(): boolean {
    return this.isArmed;
  }

  /**
   * Readies the action and arms it; rejects, leaving it disarmed, when the system cannot do it. A disarm while
   * it is being readied wins: it stays disarmed.
   */
  async arm(): Promise<void> {
    // Counted on entry: a disarm after this arm was asked for wins, even while it waits for another to finish.
    const disarms = this.disarms;
    while (this.arming !== undefined) await this.arming.catch(() => undefined);
    if (this.isArmed || this.disarms !== disarms) return;
    this.arming = this.handler.prepare();
    try {
      await this.arming;
    } finally {
      this.arming = undefined;
    }
    if (this.disarms !== disarms) return;
    this.armedRun = new AbortController();
    this.isArmed = true;
  }

  /**
   * Disarms the action at once: the frame under way does nothing more (a command it started is killed, a webhook
   * request dropped), and no frame waiting runs. Resolves once that frame has stopped and anything held is let go
   * (unless it was armed again meanwhile: what it holds then is the new arming's).
   */
  async disarm(): Promise<void> {
    this.disarms += 1;
    if (!this.isArmed) return;
    this.isArmed = false;
    this.armedRun.abort();
    if (this.waiting !== undefined) this.waiting.dropped = true;
    this.waiting = undefined;
    clearTimeout(this.letGoTimer);
    await this.idle();
    if (this.isArmed) return;
    await this.handler.release?.();
  }

  /** Acts on the frame if armed; resolves false when the action failed (it is reported), true otherwise. */
  execute(frame: ActionFrame): Promise<boolean> {
    if (!this.isArmed) return Promise.resolve(true);
    clearTimeout(this.letGoTimer);
    const busy = this.busy;
    if (busy === undefined) return this.run(frame);
    if (this.waiting !== undefined) {
      this.waiting.frame = carryGestures(this.waiting.frame, frame);
      return this.waiting.done;
    }
    const waiting: { frame: ActionFrame; done: Promise<boolean>; dropped: boolean } = {
      frame,
      dropped: false,
      done: busy.then(() => {
        if (this.waiting === waiting) this.waiting = undefined;
        return this.isArmed && !waiting.dropped ? this.run(waiting.frame) : true;
      }),
    };
    this.waiting = waiting;
    return waiting.done;
  }

  /** Resolves once no frame is under way or waiting. */
  async idle(): Promise<void> {
    while (this.busy !== undefined || this.waiting !== undefined) await (this.waiting?.done ?? this.busy);
  }

  /** Acts on a frame, or does `work` in its place (letting go), one at a time; a failure is reported with that frame. */
  private run(frame: ActionFrame, work = (armed: AbortSignal) => this.handler.handle(frame, armed)): Promise<boolean> {
    const armed = this.armedRun.signal;
    const running = Promise.resolve()
      .then(() => work(armed))
      .then(
        () => true,
        (error: unknown) => {
          // What a disarm cut short did not fail: the user stopped it.
          if (armed.aborted) return true;
          this.onFailure(error, frame);
          return false;
        },
      );
    this.busy = running;
    // Attached before anything can wait on `running`, so a waiting frame finds the action free.
    void running.then(() => {
      if (this.busy === running) this.busy = undefined;
      this.watchHeld(frame);
    });
    return running;
  }

  /** With something held and no frame waiting, starts the count to letting it go. */
  private watchHeld(lastFrame: ActionFrame): void {
    const { release } = this.handler;
    if (!this.isArmed || this.busy !== undefined || this.waiting !== undefined || release === undefined || this.handler.holding?.() !== true) return;
    clearTimeout(this.letGoTimer);
    this.letGoTimer = setTimeout(() => {
      if (this.isArmed && this.busy === undefined && this.waiting === undefined) void this.run(lastFrame, () => release.call(this.handler));
    }, LET_GO_WITHOUT_FRAMES_MS);
    this.letGoTimer.unref();
  }
}
