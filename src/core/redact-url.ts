/**
 * The URL with its password, the values of all its query options and an RTMP stream's name replaced by `***`,
 * for labels, messages and logs: `srt://cam:9000?passphrase=***&latency=***`, `rtsp://admin:***@cam/live?token=***`,
 * `rtmp://media/live/***`. Every value, since no list of secret names is complete (a camera's `loginpas=`, `pw=`,
 * `jwt=`, a CDN's `hdnts=`): a harmless value hidden costs less than a secret one shown. An RTMP stream's name
 * is its key on many servers (`rtmp://host/live/<stream key>`): whoever has it may play, or publish in its place.
 */
export function redactUrl(url: string): string {
  return hidePassword(hideSpans(url, [...rtmpStreamNameSpans(url), ...queryValueSpans(url)]));
}

/** What stands where a secret was: in a redacted URL, and for any secret a client is not shown (a webhook's header). */
export const HIDDEN = '***';

/** Shorter values are not looked for in a program's words: "16" or "200" would be hidden wherever they stand. */
const SHORTEST_SECRET_IN_TEXT = 6;

/**
 * What {@link redactUrl} hides, as written in `url` and percent-decoded: the text to hide where a program (ffmpeg)
 * quotes the URL in its own words (the password, and query values of at least 6 characters). Longest first, so
 * that none is cut by hiding a shorter one inside it.
 */
export function urlSecrets(url: string): string[] {
  const values = [...rtmpStreamNameSpans(url), ...queryValueSpans(url)].map(([start, end]) => url.slice(start, end)).filter((value) => value.length >= SHORTEST_SECRET_IN_TEXT);
  const written = [passwordOf(url), ...values].filter((secret) => secret !== '');
  const secrets = new Set(written.flatMap((secret) => [secret, decoded(secret)]));
  return [...secrets].sort((a, b) => b.length - a.length);
}

/** `text` with each of `secrets` (a URL's, from urlSecrets) hidden: for what another program says of the URL. */
export function hideSecrets(text: string, secrets: readonly string[]): string {
  return secrets.reduce((hidden, secret) => hidden.replaceAll(secret, HIDDEN), text);
}

/** A URL another server sent (a redirect's Location), for messages: its secrets hidden, printable, at most 200 characters. */
export function peerUrlForMessages(text: string): string {
  return redactUrl(text).replace(/[^\x20-\x7e]/g, '?').slice(0, 200);
}

function hidePassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password === '') return url;
    parsed.password = HIDDEN;
    return parsed.toString();
  } catch {
    return url;
  }
}

function passwordOf(url: string): string {
  try {
    return new URL(url).password;
  } catch {
    return '';
  }
}

/** An RTMP URL (any of ffmpeg's RTMP schemes) up to its path, and the path up to the query. */
const RTMP_PATH = /^(rtmp[a-z]*:\/\/[^/?#]*)(\/[^?#]*)/i;

/**
 * Where an RTMP URL's stream name is, as [start, end) offsets: the path's last segment, when an application's
 * name comes before it (`rtmp://host/app` names none).
 */
function rtmpStreamNameSpans(url: string): [number, number][] {
  const match = RTMP_PATH.exec(url);
  if (match === null) return [];
  const authority = match[1]!;
  const path = match[2]!;
  const nameStart = path.lastIndexOf('/') + 1;
  const hasApplication = /[^/]/.test(path.slice(0, nameStart));
  if (nameStart === path.length || !hasApplication) return [];
  return [[authority.length + nameStart, authority.length + path.length]];
}

/** A `name=` at the start of a query option or after `?`, `#` or `;` inside one. */
const OPTION_NAME = /(?:^|[?#;])([^=?#;&]*)=/g;

/**
 * Where the options' values are in `url`, as [start, end) offsets. The query is read as loosely as any reader
 * might: from the first `?` anywhere (ffmpeg even takes one in the fragment), in `&`-separated options; within
 * one, from the first `name=` (after its start or a `?`, `#` or `;`) to its end, which is as far as ffmpeg reads
 * a value.
 */
function queryValueSpans(url: string): [number, number][] {
  const spans: [number, number][] = [];
  let start = url.indexOf('?');
  if (start < 0) return spans;
  for (const option of url.slice(start + 1).split('&')) {
    const optionStart = start + 1;
    start = optionStart + option.length;
    for (const match of option.matchAll(OPTION_NAME)) {
      const valueStart = optionStart + match.index + match[0].length;
      if (valueStart < start) spans.push([valueStart, start]);
      break;
    }
  }
  return spans;
}

function hideSpans(text: string, spans: readonly [number, number][]): string {
  return spans.reduceRight((hidden, [start, end]) => `${hidden.slice(0, start)}${HIDDEN}${hidden.slice(end)}`, text);
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
