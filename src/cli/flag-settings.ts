/**
 * A command's flags as settings of the configuration (the top layer of loadConfig), each remembered with the flag
 * it came from, so that a wrong value is told by its flag.
 */
export class FlagSettings {
  readonly flags: Record<string, unknown> = {};
  readonly flagOrigins: Record<string, string> = {};

  /** Sets `path` (`section.key`, or `key`) from `flag`; an absent flag (undefined) leaves the setting to the layers below. */
  set(path: string, flag: string, value: unknown): this {
    if (value === undefined) return this;
    const [section, key] = path.split('.') as [string, string | undefined];
    if (key === undefined) this.flags[section] = value;
    else this.flags[section] = { ...(this.flags[section] as Record<string, unknown> | undefined), [key]: value };
    this.flagOrigins[path] = flag;
    return this;
  }
}

/** A number flag's text as a number; text that is no number stays text, so the settings' error quotes what was typed ("abc", not null). */
export function numberOrText(text: string | undefined): number | string | undefined {
  return text === undefined || text.trim() === '' || !Number.isFinite(Number(text)) ? text : Number(text);
}
