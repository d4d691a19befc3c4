import type { MixerTool } from './mixer-tool.js';
import { HandflowError } from '../../core/errors.js';
import { meanPercent } from './volume-control.js';

/** ALSA's Master control of the default card (or of the pulse plugin when PulseAudio is behind ALSA). */
const CONTROL = 'Master';

/** The fallback for systems without pactl: `amixer` from alsa-utils. */
export const amixerMixer: MixerTool = {
  program: 'amixer',
  packageName: 'alsa-utils',
  probeArgs: ['get', CONTROL],
  getVolumeArgs: ['get', CONTROL],
  setVolumeArgs: (percent) => ['set', CONTROL, `${percent}%`],
  getMutedArgs: ['get', CONTROL],
  setMutedArgs: (muted) => ['set', CONTROL, muted ? 'mute' : 'unmute'],
  // "  Front Left: Playback 24248 [37%] [on]", one line per channel
  parseVolume: (output) => meanPercent([...output.matchAll(/\[(\d+)%\]/g)].map((match) => Number(match[1]))),
  parseMuted: (output) => {
    const switches = [...output.matchAll(/\[(on|off)\]/g)].map((match) => match[1]);
    return switches.length === 0 ? undefined : switches.every((state) => state === 'off');
  },
  explainFailure: (line) =>
    /mixer attach|unable to find simple control|cannot find card/i.test(line)
      ? new HandflowError(
          'SERVICE_UNAVAILABLE',
          `no sound card or server reachable through amixer (${line}): check that ALSA has a card with a ${CONTROL} control`,
        )
      : undefined,
};
