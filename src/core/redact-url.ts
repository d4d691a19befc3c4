/** The URL with any password replaced by `***`, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password === '') return url;
    parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

/** A URL another server sent (a redirect's Location), for messages: its password hidden, printable, at most 200 characters. */
export function peerUrlForMessages(text: string): string {
  return redactUrl(text).replace(/[^\x20-\x7e]/g, '?').slice(0, 200);
}
