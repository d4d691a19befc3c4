import type { Logger } from 'pino';
import type { InferenceResultDict } from '../inference/inference-result.js';
import type { FrameEvent, OutputSink, SinkClosing } from './frame-event.js';
import type { ActionConfig } from './actions/action-config.js';
import { createActionSet, type ActionSet } from './actions/action-set.js';
import { realSystemControls, type SystemControls } from './actions/system-controls.js';
import type { ActionPolicy } from './actions/action-policy.js';
import type { EventDispatcher } from './events/event-dispatcher.js';
import { GestureEventTranslator } from './events/gesture-output-events.js';
import { epochSeconds, OutputEventFactory, type WallClock } from './events/output-event.js';
import { DryRunLog, type DryRunEntry } from './system/dry-run.js';

export interface ProjectOutputOptions {
  /** The project's name and actions (a ProjectDefinition fits). */
  readonly project: { readonly name: string; readonly actions: readonly ActionConfig[] };
  /** Where the events go. The caller owns it: one dispatcher may outlive many sessions. */
  readonly dispatcher: EventDispatcher;
  readonly logger: Logger;
  /** What actions drive. Defaults to the system's own controls. */
  readonly controls?: SystemControls;
  /** Every action logs what it would do instead of doing it. Defaults to false. */
  readonly dryRun?: boolean;
  /** What the project's actions may do (commands, webhook hosts). Defaults to DEFAULT_ACTION_POLICY. */
  readonly policy?: ActionPolicy;
  /** Told what a dry run would have done. Defaults to an info log line. */
  readonly onDryRun?: (entry: DryRunEntry) => void;
  /** Stamps events. Defaults to the system clock. */
  readonly clock?: WallClock;
}

/** A frame's continuous values, for those who read them rather than wait for events. */
export interface LatestValues {
  readonly timestampMs: number;
  readonly results: readonly InferenceResultDict[];
}

/**
 * The output stage of one session: turns frame events into output events (gesture changes only, not one
 * event a frame), dispatches them, and gives every frame to the project's actions, which start disarmed.
 * Nothing here waits on a listener or an action, so neither can slow or stop the pipeline.
 *
 * @throws HandflowError as checkActionPolicy, when the project has an action the policy does not allow.
 */
export class ProjectOutput implements OutputSink {
  readonly actions: ActionSet;
  private readonly events: OutputEventFactory;
  private readonly translator: GestureEventTranslator;
  private latestValues: LatestValues | undefined;
  private engaged = false;

  constructor(private readonly options: ProjectOutputOptions) {
    const { project, dispatcher, logger } = options;
    this.events = new OutputEventFactory(project.name, options.clock ?? epochSeconds);
    this.translator = new GestureEventTranslator(this.events);
    const onDryRun = options.onDryRun ?? ((entry: DryRunEntry) => logger.info({ dryRun: entry }, `dry run: ${entry.control} ${entry.call}`));
    this.actions = createActionSet({
      project: project.name,
      actions: project.actions,
      controls: options.controls ?? realSystemControls(),
      dryRun: options.dryRun ?? false,
      dryRunLog: new DryRunLog({ onEntry: onDryRun }),
      ...(options.policy === undefined ? {} : { policy: options.policy }),
      emit: (type, data) => void dispatcher.dispatch(this.events.create(type, data)),
      logger,
    });
  }

  /** The last frame's results (pinch distance, finger count, ...), updated every frame. */
  get latest(): LatestValues | undefined {
    return this.latestValues;
  }

  write(frame: FrameEvent): void {
    const results = frame.inference?.results ?? [];
    const gestures = this.translator.translate(frame.inference?.events ?? [], results);
    for (const event of gestures) void this.options.dispatcher.dispatch(event);
    const frameGestures = gestures.map((event, index) => ({ event, frameMs: frame.timestampMs, key: `${frame.sessionId}/${frame.frameNumber}/${index}` }));
    const engaged = frame.inference?.engaged;
    if (engaged !== undefined && engaged !== this.engaged) {
      this.engaged = engaged;
      void this.options.dispatcher.dispatch(this.events.create('state_changed', { component: 'engagement', state: engaged ? 'engaged' : 'disengaged' }));
    }
    // Where the project waits for engagement, its actions see no hands until then: nothing to act on, a held button let go.
    // Gestures ending still reach them, so that what a gesture holds (a fist's mute) ends with it.
    const acting = engaged !== false;
    this.actions.offer({
      timestampMs: frame.timestampMs,
      results: acting ? results : [],
      gestures: acting ? frameGestures : frameGestures.filter(({ event }) => event.type === 'gesture_ended'),
      hands: acting ? frame.extraction.hands : [],
    });
    this.latestValues = { timestampMs: frame.timestampMs, results };
  }

  /** A change of the session's state, as a `state_changed` event (component `session`). */
  reportState(state: string): void {
    void this.options.dispatcher.dispatch(this.events.create('state_changed', { component: 'session', state }));
  }

  /** A failure of one of the session's stages, as an `error` event. */
  reportError(error: { readonly stage: string; readonly code?: string | undefined; readonly message: string }): void {
    const code = error.code ?? `${error.stage.toUpperCase()}_FAILED`;
    void this.options.dispatcher.dispatch(this.events.create('error', { source: error.stage, code, message: error.message }));
  }

  /** Disarms the actions (letting go of anything held) as ActionSet.close does, then waits for the listeners. */
  async close(closing: SinkClosing = { stopped: false }): Promise<void> {
    await this.actions.close(closing);
    await this.options.dispatcher.drain();
  }
}
