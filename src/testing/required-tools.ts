import { findExecutable } from '../core/find-executable.js';

/** The Debian package each helper program comes from, for skip reasons that say what to install. */
const DEBIAN_PACKAGES: Readonly<Record<string, string>> = {
  Xvfb: 'xvfb',
  xev: 'x11-utils',
  xdotool: 'xdotool',
  pulseaudio: 'pulseaudio',
  pactl: 'pulseaudio-utils',
  amixer: 'alsa-utils',
  'dbus-daemon': 'dbus',
  'dbus-monitor': 'dbus',
  'dbus-send': 'dbus',
  dunst: 'dunst',
  'notify-send': 'libnotify-bin',
  'nats-server': 'nats-server',
};

/**
 * A skip reason naming the programs that are not installed and the packages that bring them, or false
 * when all are there: for `describe(name, { skip: missingTools(...) })`, so a skipped test says why.
 */
export function missingTools(...programs: string[]): string | false {
  const missing = programs.filter((program) => findExecutable(program) === undefined);
  if (missing.length === 0) return false;
  const packages = [...new Set(missing.map((program) => DEBIAN_PACKAGES[program] ?? program))];
  return `not installed: ${missing.join(', ')} (apt-get install ${packages.join(' ')})`;
}
