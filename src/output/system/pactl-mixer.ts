import type { MixerTool } from './mixer-tool.js';
import { HandflowError } from '../../core/errors.js';
import { meanPercent } from './volume-control.js';

const DEFAULT_SINK = '@DEFAULT_SINK@';

/**
 * The default sink through `pactl`: PulseAudio, and PipeWire through its pulse server (pipewire-pulse),
 * the usual Linux desktop stack. get-sink-volume needs pactl from PulseAudio 14 or newer.
 */
export const pactlMixer: MixerTool = {
  program: 'pactl',
  packageName: 'pulseaudio-utils',
  probeArgs: ['info'],
  getVolumeArgs: ['get-sink-volume', DEFAULT_SINK],
  setVolumeArgs: (percent) => ['set-sink-volume', DEFAULT_SINK, `${percent}%`],
  getMutedArgs: ['get-sink-mute', DEFAULT_SINK],
  setMutedArgs: (muted) => ['set-sink-mute', DEFAULT_SINK, muted ? '1' : '0'],
  // "Volume: front-left: 24248 /  37% / -25.91 dB,   front-right: 24248 /  37% / -25.91 dB"
  parseVolume: (output) => meanPercent([...output.matchAll(/(\d+)%/g)].map((match) => Number(match[1]))),
  // "Mute: no"
  parseMuted: (output) => {
    const answer = /Mute:\s*(yes|no)/.exec(output)?.[1];
    return answer === undefined ? undefined : answer === 'yes';
  },
  explainFailure: (line) =>
    /connection|pa_context_connect/i.test(line)
      ? new HandflowError(
          'SERVICE_UNAVAILABLE',
          `no sound server reachable through pactl (${line}): start PulseAudio or PipeWire's pipewire-pulse, or set PULSE_SERVER`,
        )
      : undefined,
};
