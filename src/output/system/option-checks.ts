import { HandflowError } from '../../core/errors.js';

/** `value` if it is a finite number above zero; otherwise an INVALID_OPTION error naming the option. */
export function positiveNumber(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new HandflowError('INVALID_OPTION', `${name} must be a number above 0, got ${value}`);
  }
  return value;
}

/** `value` if it is a whole number of zero or more; otherwise an INVALID_OPTION error naming the option. */
export function nonNegativeInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new HandflowError('INVALID_OPTION', `${name} must be a whole number of 0 or more, got ${value}`);
  }
  return value;
}
