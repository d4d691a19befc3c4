import { errorMessage } from '../core/errors.js';
import { TypedEmitter } from '../core/typed-emitter.js';
import { ApiError } from './errors.js';

/** A session's actions, which start disarmed. */
export interface ArmableActions {
  arm(): Promise<void>;
  disarm(): Promise<void>;
}

export type ActionSwitchEvents = {
  /** The switch was turned on or off, by whichever client: every client showing it must follow. */
  changed: [armed: boolean];
};

/**
 * The server's one arm/disarm switch over every session's actions. It starts off: nothing acts on the system
 * until the user turns it on, and a session started while it is on has its actions armed as it starts.
 */
export class ActionSwitch extends TypedEmitter<ActionSwitchEvents> {
  private switchedOn = false;
  private readonly attached = new Set<ArmableActions>();

  get armed(): boolean {
    return this.switchedOn;
  }

  /** Arms every session's actions; when one cannot be (no display, no sound server) all are disarmed again. */
  async arm(): Promise<void> {
    // On before the sessions are armed: one attached meanwhile is armed too, and clients hear it at once, as some
    // actions may act before the others are armed (or one fails).
    this.turn(true);
    const outcomes = await Promise.allSettled([...this.attached].map((actions) => actions.arm()));
    const failure = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failure === undefined) return;
    await this.disarm();
    throw new ApiError('ACTIONS_UNAVAILABLE', `the actions could not be armed: ${errorMessage(failure.reason)}`);
  }

  async disarm(): Promise<void> {
    this.turn(false);
    await Promise.allSettled([...this.attached].map((actions) => actions.disarm()));
  }

  /**
   * Puts a session's actions under the switch (armed now if it is on); the returned function takes them off.
   * Actions that cannot be armed are not kept: they would make every later `arm` fail.
   *
   * @throws ApiError ACTIONS_UNAVAILABLE when the switch is on and the actions cannot be armed.
   */
  async attach(actions: ArmableActions): Promise<() => void> {
    // Under the switch while arming, so a disarm meanwhile reaches them too.
    this.attached.add(actions);
    try {
      if (this.switchedOn) await actions.arm();
    } catch (error) {
      this.attached.delete(actions);
      throw new ApiError(
        'ACTIONS_UNAVAILABLE',
        `the session's actions could not be armed, so it was not started (${errorMessage(error)}): fix that, or turn actions off (the dashboard's Actions switch, or POST /api/actions/disarm) and start it again`,
      );
    }
    return () => void this.attached.delete(actions);
  }

  private turn(on: boolean): void {
    if (this.switchedOn === on) return;
    this.switchedOn = on;
    this.emit('changed', on);
  }
}
