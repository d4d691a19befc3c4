/**
 * ffmpeg reads a web stream through handflow's proxy in plain HTTP only, so that the proxy checks every connection
 * it makes. Reaching https through a proxy would need ffmpeg's `httpproxy` protocol, and a playlist may name that
 * protocol itself (`httpproxy://host:port/x`), which ffmpeg then opens directly, past the proxy. So ffmpeg is given
 * an https URL as http to the same host with its port written out (`https://cam/x` becomes `http://cam:443/x`), and
 * the proxy, which remembers the origins that were https, speaks TLS to them.
 */
export class TlsOrigins {
  /** `host:port` of each origin an https URL named. */
  private readonly origins = new Set<string>();

  /** The form ffmpeg is given of an absolute URL: https as plain http to its host and port (remembered), others as they are. */
  plain(url: URL): string {
    if (url.protocol !== 'https:') return url.href;
    const port = url.port === '' ? '443' : url.port;
    this.origins.add(`${url.hostname}:${port}`);
    const userInfo = url.username === '' && url.password === '' ? '' : `${url.username}${url.password === '' ? '' : `:${url.password}`}@`;
    return `http://${userInfo}${url.hostname}:${port}${url.pathname}${url.search}`;
  }

  /** The URL ffmpeg asked the proxy for (plain http), as the stream meant it: https again where its origin was. */
  meant(requested: URL): URL {
    const port = requested.port === '' ? '80' : requested.port;
    if (requested.protocol !== 'http:' || !this.origins.has(`${requested.hostname}:${port}`)) return requested;
    const meant = new URL(requested.href);
    meant.protocol = 'https:';
    return meant;
  }
}

/** Tag attributes that hold a URI (EXT-X-KEY, EXT-X-MAP, EXT-X-MEDIA, EXT-X-I-FRAME-STREAM-INF and others). */
const URI_ATTRIBUTE = /([:,]\s*URI=")([^"]*)(")/g;

/**
 * An HLS playlist with each URI it names (its segments, variants, renditions, keys and maps) made absolute against
 * `base` (the playlist's URL as the stream meant it) and written as `plain` writes it. A URI that does not parse
 * stays as written, for ffmpeg to refuse.
 */
export function rewritePlaylist(text: string, base: URL, plain: (url: URL) => string): string {
  const rewritten = (uri: string): string => {
    let absolute: URL;
    try {
      absolute = new URL(uri.trim(), base);
    } catch {
      return uri;
    }
    return absolute.protocol === 'http:' || absolute.protocol === 'https:' ? plain(absolute) : uri;
  };
  return text
    .split('\n')
    .map((line) => {
      if (line.startsWith('#')) return line.replace(URI_ATTRIBUTE, (_match, before: string, uri: string, after: string) => `${before}${rewritten(uri)}${after}`);
      const uri = line.replace(/\r$/, '');
      return uri.trim() === '' ? line : `${rewritten(uri)}${line.slice(uri.length)}`;
    })
    .join('\n');
}

/** True for a body that starts as an HLS playlist does (after a byte-order mark, if any). */
export function looksLikePlaylist(start: Buffer): boolean {
  const text = start.subarray(0, 16).toString('latin1').replace(/^\xef\xbb\xbf/, '');
  return text.startsWith('#EXTM3U');
}
