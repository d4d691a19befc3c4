import { HandflowError, errorMessage } from './errors.js';
import { parseJsonFileText } from './parse-json-file-text.js';
import { readRegularFile, type RegularFileRead } from './read-regular-file.js';

/** Far above any config a person writes (projects and all), far below what would strain memory. */
const MAX_SETTINGS_FILE_BYTES = 4 * 1024 * 1024;
/** No setting is nested this deep (a project's action's headers are five levels down): deeper is no config. */
const MAX_SETTINGS_DEPTH = 32;

/** The settings object of a JSON config file, or undefined when there is no such file. @throws HandflowError INVALID_OPTION saying what is wrong with the file. */
export async function readSettingsFile(path: string): Promise<Record<string, unknown> | undefined> {
  let read: RegularFileRead;
  try {
    read = await readRegularFile(path, MAX_SETTINGS_FILE_BYTES);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new HandflowError('INVALID_OPTION', `cannot read the config file ${path}: ${errorMessage(error)}`);
  }
  if ('refused' in read) {
    const why = read.refused === 'too large' ? `it holds ${read.size} bytes, more than a config file's ${MAX_SETTINGS_FILE_BYTES}` : `it is ${read.refused}`;
    throw new HandflowError('INVALID_OPTION', `cannot read the config file ${path}: ${why}; give a JSON file of settings`);
  }
  const text = read.bytes.toString('utf8');
  let settings: unknown;
  try {
    settings = parseJsonFileText(text);
  } catch (error) {
    throw new HandflowError('INVALID_OPTION', `the config file ${path} is not valid JSON: ${errorMessage(error)}`);
  }
  if (!isPlainObject(settings)) throw new HandflowError('INVALID_OPTION', `the config file ${path} must hold a JSON object of settings`);
  if (depthOf(settings) > MAX_SETTINGS_DEPTH) {
    throw new HandflowError('INVALID_OPTION', `the config file ${path} nests objects or lists more than ${MAX_SETTINGS_DEPTH} deep, which no setting is: is it a config file?`);
  }
  return settings;
}

/** How deeply objects and lists nest in `value` (a flat object is 1), counted without recursion. */
function depthOf(value: unknown): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length > 0) {
    const [item, depth] = pending.pop()!;
    if (typeof item !== 'object' || item === null) continue;
    deepest = Math.max(deepest, depth);
    if (depth > MAX_SETTINGS_DEPTH) break;
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return deepest;
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
