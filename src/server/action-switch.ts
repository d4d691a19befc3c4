import type { ActionSwitch } from './output-seam.js';

/** The server's arm/disarm switch, disarmed at start: nothing acts on the system until the user says so. */
export function createActionSwitch(): ActionSwitch {
  let armed = false;
  return {
    get armed() {
      return armed;
    },
    arm: () => void (armed = true),
    disarm: () => void (armed = false),
  };
}
