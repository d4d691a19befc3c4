import { readFile } from 'node:fs/promises';

import { HandflowError, errorMessage } from './errors.js';
import { parseJsonFileText } from './parse-json-file-text.js';

/** The settings object of a JSON config file, or undefined when there is no such file. @throws HandflowError INVALID_OPTION saying what is wrong with the file. */
export async function readSettingsFile(path: string): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new HandflowError('INVALID_OPTION', `cannot read the config file ${path}: ${errorMessage(error)}`);
  }
  let settings: unknown;
  try {
    settings = parseJsonFileText(text);
  } catch (error) {
    throw new HandflowError('INVALID_OPTION', `the config file ${path} is not valid JSON: ${errorMessage(error)}`);
  }
  if (!isPlainObject(settings)) throw new HandflowError('INVALID_OPTION', `the config file ${path} must hold a JSON object of settings`);
  return settings;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `over` laid on `base`, object by object: a value in `over` replaces the one in `base`, nested objects merge. */
export function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const merged = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = merged[key];
    merged[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return merged;
}
