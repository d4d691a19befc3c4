import type { z } from 'zod';

import { HandflowError } from './errors.js';

/**
 * Validates settings against a zod schema and fills its defaults. An invalid value throws INVALID_OPTION
 * with one line naming each wrong setting by its dotted path (`capture.fps`), what it must be, and, when
 * `origin` knows it, where the value came from.
 */
export function parseSettings<S extends z.ZodType>(
  schema: S,
  value: unknown,
  { prefix = '', origin = () => undefined }: { prefix?: string; origin?: (path: string) => string | undefined } = {},
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...issue.path, key]) : [issue.path];
    const paths = keys.map((path) => [prefix, ...path.map(String)].filter((part) => part !== '').join('.') || '(settings)');
    const from = paths.map(origin).find((text) => text !== undefined);
    // A schema's own message ("must be a whole number from 0 to 10000, not 1.5") says more than zod's type name.
    const zodDefault = issue.message.startsWith('Invalid input');
    const what = issue.code === 'unrecognized_keys' ? 'is not a known setting' : zodDefault ? (wrongType(issue, value) ?? issue.message.replace(/^Invalid input: /, '')) : issue.message;
    return `${paths.join(', ')} ${what}${from ? ` (from ${from})` : ''}`;
  });
  throw new HandflowError('INVALID_OPTION', `invalid setting: ${problems.join('; ')}`);
}

/** Settings whose value an error must not repeat: it may be a password, even a wrong one. */
const SECRET_SETTING = /password|token|secret|seed/i;

/** "expected number, not \"lots\"": what was given, where zod would only name its type. */
function wrongType(issue: z.core.$ZodIssue, settings: unknown): string | undefined {
  if (issue.code !== 'invalid_type' || SECRET_SETTING.test(String(issue.path.at(-1) ?? ''))) return undefined;
  let given: unknown = settings;
  for (const key of issue.path) given = given !== null && typeof given === 'object' ? (given as Record<PropertyKey, unknown>)[key] : undefined;
  // A list or object is named, not shown: it may be nested deeper than JSON.stringify can go.
  const shown = given !== null && typeof given === 'object' ? (Array.isArray(given) ? 'a list' : 'an object') : JSON.stringify(given);
  return shown === undefined ? undefined : `expected ${issue.expected}, not ${shown.length > 60 ? `${shown.slice(0, 57)}...` : shown}`;
}

/**
 * The dotted paths of every single-valued setting (number, boolean, text, choice) in a schema of nested
 * objects, wrappers (defaults, optional) looked through; lists and records are left out.
 */
export function scalarSettingPaths(schema: z.ZodType, prefix = ''): string[] {
  const def = schema.def as { type: string; innerType?: z.ZodType; shape?: Record<string, z.ZodType> };
  switch (def.type) {
    case 'default':
    case 'prefault':
    case 'optional':
    case 'nullable':
      return scalarSettingPaths(def.innerType!, prefix);
    case 'object':
      return Object.entries(def.shape!).flatMap(([key, field]) => scalarSettingPaths(field, `${prefix}${key}.`));
    case 'number':
    case 'boolean':
    case 'string':
    case 'enum':
      return [prefix.slice(0, -1)];
    default:
      return [];
  }
}
