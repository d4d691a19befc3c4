import type { VolumeControl } from '../system/volume-control.js';
import type { ActionConfigOf } from './action-config.js';
import type { ActionFrame } from './action-frame.js';
import { fingerCount, gestureChange, pinchDistance } from './frame-readings.js';
import type { ActionContext, ActionHandler } from './output-action.js';
import { RateLimit } from './rate-limit.js';
import { isVolumeChange, volumeFromFingers, volumeFromPinch } from './volume-mapping.js';

/** The system volume from the pinch distance or the finger count; optionally muted while a fist is held. */
export class VolumeAction implements ActionHandler {
  private readonly limit: RateLimit;
  /** The volume this action last set, or read when it muted. */
  private last: number | undefined;
  private mutedByFist = false;

  constructor(
    private readonly config: ActionConfigOf<'volume'>,
    private readonly context: ActionContext,
  ) {
    this.limit = new RateLimit(config.minIntervalMs);
  }

  async prepare(): Promise<void> {
    await this.context.controls.volume();
  }

  async handle(frame: ActionFrame): Promise<void> {
    const volume = await this.context.controls.volume();
    if (this.config.muteOnFist) {
      const fist = gestureChange(frame, 'fist');
      if (fist !== undefined && fist !== this.mutedByFist) await this.setMuted(volume, fist);
      // A fist also brings the thumb to the index: that is no volume change.
      if (this.mutedByFist || frame.results.some((result) => result.gesture_type === 'fist')) return;
    }
    const target = this.target(frame);
    if (target === undefined || !isVolumeChange(target, this.last, this.config.minChange) || !this.limit.take(frame.timestampMs)) return;
    await volume.setVolume(target);
    this.context.emit('volume_changed', { volume: target, previous: this.last ?? null, muted: this.mutedByFist, cause: this.config.source });
    this.last = target;
  }

  async release(): Promise<void> {
    if (this.mutedByFist) await this.setMuted(await this.context.controls.volume(), false);
    this.last = undefined;
  }

  private target(frame: ActionFrame): number | undefined {
    if (this.config.source === 'finger_count') {
      const count = fingerCount(frame);
      return count === undefined ? undefined : volumeFromFingers(count);
    }
    const distance = pinchDistance(frame);
    return distance === undefined ? undefined : volumeFromPinch(distance, this.config.pinchRange);
  }

  private async setMuted(volume: VolumeControl, muted: boolean): Promise<void> {
    await volume.setMuted(muted);
    this.mutedByFist = muted;
    const level = this.last ?? (await volume.getVolume());
    this.context.emit('volume_changed', { volume: level, previous: level, muted, cause: 'fist' });
  }
}
