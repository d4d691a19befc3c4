import { errorMessage, HandflowError } from '../../core/errors.js';
import { checkedPercent, type VolumeControl } from './volume-control.js';

/**
 * macOS and Windows volume through the npm package loudness: on macOS it runs osascript (the system's own
 * way), on Windows a small helper it bundles, since Windows has no volume command of its own.
 * Loaded only on those systems: the package throws on import elsewhere.
 */
export async function createLoudnessVolume(): Promise<VolumeControl> {
  const { default: loudness } = await import('loudness');
  return {
    getVolume: () => attempt('read the volume', async () => Math.min(100, await loudness.getVolume())),
    setVolume: (percent) => {
      const level = checkedPercent(percent);
      return attempt('set the volume', () => loudness.setVolume(level));
    },
    isMuted: () => attempt('read the mute state', () => loudness.getMuted()),
    setMuted: (muted) => attempt(muted ? 'mute' : 'unmute', () => loudness.setMuted(muted)),
  };
}

async function attempt<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const firstLine = errorMessage(error).split('\n')[0];
    throw new HandflowError('TOOL_FAILED', `could not ${what} (loudness on ${process.platform}): ${firstLine}`, {
      cause: error,
    });
  }
}
