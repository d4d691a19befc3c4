import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { LandmarkModelVariant } from '../extraction/hand-landmarker-options.js';
import { UsageError } from './usage-error.js';

/** `util.parseArgs` (strict) with its errors turned into usage errors (exit 2 with the command's usage). */
export function parseOptions<const T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    refuseRepeated(parseArgs({ ...config, tokens: true }).tokens ?? [], config.options ?? {});
    return parseArgs(config);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** An option that takes one value given twice would keep only the last, silently: refused instead. */
function refuseRepeated(tokens: readonly { kind: string; name?: string }[], options: NonNullable<ParseArgsConfig['options']>): void {
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind !== 'option' || token.name === undefined || options[token.name]?.multiple === true) continue;
    if (seen.has(token.name)) throw new UsageError(`--${token.name} is given more than once: give it once`);
    seen.add(token.name);
  }
}

/** A whole-number option value, or a usage error naming the option. */
export function integerOption(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  // Digits only: Number() would also take "" (an unset shell variable) as 0, and "0x1F90" or "1e3".
  const parsed = /^-?\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not "${value}"`);
  }
  return parsed;
}

/** The `--model` option: which size of the hand models to use. */
export function modelOption(value: string | undefined): LandmarkModelVariant {
  if (value === undefined || value === 'full' || value === 'lite') return value ?? 'full';
  throw new UsageError(`--model must be "lite" or "full", not "${value}"`);
}
