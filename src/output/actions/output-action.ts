import type { OutputEventDataMap, OutputEventType } from '../events/output-event.js';
import type { ActionFrame } from './action-frame.js';
import type { SystemControls } from './system-controls.js';

/** An action: acts on a frame and says whether it succeeded (a failure is also sent as an error event). */
export interface OutputAction {
  readonly name: string;
  execute(frame: ActionFrame): Promise<boolean>;
}

/** What one kind of action does with frames. It throws on failure; the action around it reports the failure. */
export interface ActionHandler {
  /** Readies what the action drives, and rejects when the system cannot (no sound server, no display). Called on arming. */
  prepare(): Promise<void>;
  /**
   * Acts on one frame. `armed` aborts when the action is disarmed: nothing more may be done for this frame, and
   * what is under way (a command, a webhook's request) is cut short.
   */
  handle(frame: ActionFrame, armed: AbortSignal): Promise<void>;
  /** Lets go of anything held (a mouse button, a mute) and forgets earlier frames; called on disarming and closing. */
  release?(): Promise<void>;
  /** Whether it holds something down now (a mouse button): it is let go when frames stop coming. */
  holding?(): boolean;
}

/** Sends an output event of the action's project. */
export type Emit = <T extends OutputEventType>(type: T, data: OutputEventDataMap[T]) => void;

/** What a handler is made with. */
export interface ActionContext {
  readonly controls: SystemControls;
  readonly emit: Emit;
  readonly project: string;
}
