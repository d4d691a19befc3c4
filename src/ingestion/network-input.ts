import { HandflowError } from '../core/errors.js';
import { confinementOptions, type FfmpegConfinement } from './ffmpeg-confinement.js';
import { redactUrl } from '../core/redact-url.js';
import { startRtspRelay } from './rtsp-relay.js';
import { readStreamCa, type StreamCa } from './stream-ca.js';
import { StreamHosts } from './stream-hosts.js';
import { startWebProxy, type WebProxyOptions } from './web-proxy.js';
import { LIVE_DECODE_OPTIONS, type FfmpegInput, type InputRelay } from './ffmpeg-input.js';

/** A stream scheme handflow reads: what ffmpeg may open for it, and the options it is read with. */
interface StreamScheme extends FfmpegConfinement {
  readonly inputOptions: readonly string[];
}

/** Formats a live stream arrives in over a plain connection (MPEG-TS, MJPEG over HTTP, FLV, Matroska, raw H.264). */
const LIVE_FORMATS = ['mpegts', 'mpjpeg', 'mjpeg', 'flv', 'live_flv', 'matroska', 'h264', 'hevc'];

/**
 * HTTP and HTTPS share one list: redirects and HLS playlists cross between the two, and HLS may fetch encrypted
 * segments (`crypto`). With any host allowed, ffmpeg reads them in plain http through handflow's proxy (see
 * {@link startWebProxy}), which speaks TLS for it: never `https`, `tls` or `httpproxy` itself, since a playlist
 * may name `httpproxy://host:port/x`, which ffmpeg would open directly, past the proxy. HLS is allowed here only,
 * where its segments and renditions (fMP4, AAC, MP3, WebVTT) can come from nothing but the web.
 */
const WEB: StreamScheme = {
  protocols: ['http', 'tcp', 'crypto'],
  formats: [...LIVE_FORMATS, 'hls', 'mov', 'aac', 'mp3', 'webvtt'],
  inputOptions: [],
};

/** RTSP is read over TCP (no lost UDP packets behind NAT): its media come interleaved on the one connection. */
const RTSP_OVER_TCP = ['-rtsp_transport', 'tcp'];

/**
 * The URL schemes handflow reads, and for each the only ffmpeg protocols and demuxers it may use: never `file`,
 * never a bare `udp`. The server's source schema and the CLI's `--source` both check URLs against this list.
 */
const STREAM_SCHEMES: Readonly<Record<string, StreamScheme>> = {
  rtsp: { protocols: ['tcp'], formats: ['rtsp'], inputOptions: RTSP_OVER_TCP },
  rtsps: { protocols: ['tls', 'tcp'], formats: ['rtsp'], inputOptions: RTSP_OVER_TCP },
  http: WEB,
  https: WEB,
  rtmp: { protocols: ['rtmp', 'tcp'], formats: ['flv', 'live_flv'], inputOptions: [] },
  rtmps: { protocols: ['rtmps', 'tls', 'tcp'], formats: ['flv', 'live_flv'], inputOptions: [] },
  srt: { protocols: ['srt'], formats: LIVE_FORMATS, inputOptions: [] },
  tcp: { protocols: ['tcp'], formats: LIVE_FORMATS, inputOptions: [] },
};

/** The URL schemes handflow reads as streams. */
export const STREAM_SCHEME_NAMES: readonly string[] = Object.keys(STREAM_SCHEMES);

/** Schemes refused with a reason of their own. */
const REFUSED_SCHEMES: Readonly<Record<string, string>> = {
  udp: 'udp:// streams are not read: ffmpeg would take a port on this machine and accept whatever anyone sends to it. Send the stream over srt://, rtsp://, rtmp:// or tcp:// instead',
};

/**
 * URL options (ffmpeg reads them from the query of tcp:// and srt:// URLs) that make ffmpeg wait for
 * connections or pick the local end of one: a URL source only ever connects out.
 */
const LISTENING_OPTIONS = new Set(['listen', 'listen_timeout', 'local_addr', 'local_port', 'localaddr', 'localport']);

/** True for a source text that is a URL (`scheme://...`) rather than a path. */
export function looksLikeUrl(text: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
}

/**
 * Why handflow will not read `url` as a stream (a malformed URL, a scheme it does not read, an option that
 * would make ffmpeg listen), or undefined when it will. The message names the URL with its secrets hidden.
 */
export function streamUrlProblem(url: string): string | undefined {
  if (url.trim() === '') return 'no URL given: give the stream\'s address, such as rtsp://camera.lan/live';
  const label = redactUrl(url);
  if (/[\s\u0000-\u001f\u007f]/.test(url)) return `${label}: a URL has no spaces or control characters: percent-encode them`;
  let scheme: string;
  try {
    scheme = new URL(url).protocol.slice(0, -1).toLowerCase();
  } catch {
    return `${label} is not a valid URL: write it whole, its scheme first (${STREAM_SCHEME_NAMES.map((name) => `${name}://`).join(', ')})`;
  }
  const refused = REFUSED_SCHEMES[scheme];
  if (refused !== undefined) return `${label}: ${refused}`;
  if (!Object.hasOwn(STREAM_SCHEMES, scheme)) {
    return `${label}: handflow reads ${STREAM_SCHEME_NAMES.join(', ')} streams, not ${scheme}`;
  }
  for (const [name, value] of queryOptions(url)) {
    if (LISTENING_OPTIONS.has(name)) return `${label}: the option "${name}" would make ffmpeg listen on this machine; a stream source only connects out: remove it`;
    if (scheme === 'srt' && name === 'mode' && value !== 'caller') {
      return `${label}: srt mode "${value}" would make ffmpeg listen on this machine; a stream source only connects out: remove it or use mode=caller`;
    }
  }
  return undefined;
}

/**
 * Over the web, with only some hosts allowed: no redirect (it could lead anywhere) and no HLS (its playlist can
 * name segments on any host), so the one connection is to the host checked. With any host allowed, the stream is
 * read through handflow's web proxy instead, which lets it lead nowhere nearer in towards this machine.
 */
const WEB_TO_LISTED_HOSTS: StreamScheme = {
  // ffmpeg's own TLS, and an https proxy of the environment's (httpproxy): no playlist is read to name another.
  protocols: ['http', 'https', 'tls', 'tcp', 'httpproxy'],
  formats: LIVE_FORMATS,
  inputOptions: ['-max_redirects', '0'],
};

/**
 * ffmpeg connects directly to the hosts `no_proxy` names (it reads the lower-case name; the other goes too, for
 * any reader), whatever its proxy option says.
 */
const NO_PROXY_VARIABLES = ['no_proxy', 'NO_PROXY'];

/**
 * RTSP, with only some hosts allowed: ffmpeg follows an RTSP redirect to any host and has no option against it,
 * so it reads the stream through handflow's relay (plain RTSP on loopback; the relay speaks TLS for rtsps), which
 * connects to the host checked and cuts the stream where a redirect comes.
 */
const RTSP_SCHEMES = new Set(['rtsp', 'rtsps']);

/**
 * The ffmpeg input for a network stream, confined to what its scheme needs and, when `hosts` lists some, to them.
 * The URL reaches ffmpeg on its standard input, in a one-file concat list, never on its command line, which any
 * local user can read (`ps`, /proc): a camera's password, an SRT passphrase or a token in the query stay between
 * handflow and ffmpeg. The list's entry is opened with the scheme's confinement alone (see {@link concatList}).
 * With `caFile` (`--stream-ca`), TLS streams must present a certificate it vouches for, for their URL's host:
 * the web proxy checks https (and an http stream's redirect to https; ffmpeg does, to listed hosts), the relay
 * checks rtsps, and rtmps is refused. With any host allowed, http(s) streams are read through a proxy that refuses
 * every connection (a redirect, an HLS playlist's segment) to an address nearer in towards this machine than the
 * stream's own; `web` is for tests.
 *
 * @throws HandflowError INVALID_OPTION saying why the URL is not read (see {@link streamUrlProblem}), or that
 *   `caFile` cannot be used; STREAM_HOST_NOT_ALLOWED for a host `hosts` does not allow.
 */
export function networkInput(url: string, hosts: StreamHosts = StreamHosts.ANY, caFile?: string, web: WebProxyOptions = {}): FfmpegInput {
  const problem = streamUrlProblem(url);
  if (problem !== undefined) throw new HandflowError('INVALID_OPTION', problem);
  hosts.check(url);
  const schemeName = new URL(url).protocol.slice(0, -1).toLowerCase();
  const ca = caFile === undefined ? undefined : readStreamCa(caFile);
  if (ca !== undefined && schemeName === 'rtmps') {
    throw new HandflowError(
      'INVALID_OPTION',
      `${redactUrl(url)}: an rtmps stream's certificate cannot be checked (ffmpeg has no way to), and --stream-ca asks for it: read the camera over rtsps or https, or leave --stream-ca out`,
    );
  }
  // ffmpeg cannot check an rtsps camera's certificate (its RTSP connection takes no TLS options): the relay does.
  const relayed = RTSP_SCHEMES.has(schemeName) && (!hosts.anyHost || (ca !== undefined && schemeName === 'rtsps'));
  const scheme = relayed ? STREAM_SCHEMES.rtsp! : STREAM_SCHEMES[schemeName]!;
  const confined = scheme === WEB && !hosts.anyHost ? WEB_TO_LISTED_HOSTS : scheme;
  const { protocols, formats } = confined;
  // With any host allowed the proxy speaks TLS and checks certificates; to listed hosts ffmpeg does.
  const inputOptions = confined === WEB_TO_LISTED_HOSTS && ca !== undefined ? [...confined.inputOptions, ...verifiedWebOptions(ca)] : confined.inputOptions;
  const relay = async (): Promise<InputRelay> => {
    const started = await startRtspRelay(url, { hostsListed: !hosts.anyHost, ...(ca === undefined ? {} : { ca }) });
    return { list: concatList(started.url, confined, inputOptions), failure: started.failure, close: started.close };
  };
  const proxied = confined === WEB;
  const proxy = async (): Promise<InputRelay> => {
    const started = await startWebProxy(url, ca, web);
    return {
      list: concatList(started.streamUrl, confined, [...inputOptions, '-http_proxy', started.url]),
      failure: started.failure,
      refused: started.refused,
      unsetEnvironment: NO_PROXY_VARIABLES,
      close: started.close,
    };
  };
  return {
    // The list opens the stream and probes it; probing it again through the list would wait for seconds more of a
    // live stream (analyzeduration's 5 s) before the first frame.
    inputOptions: ['-f', 'concat', '-safe', '0', '-analyzeduration', '1', ...LIVE_DECODE_OPTIONS],
    input: 'pipe:0',
    viaStdin: { list: concatList(url, confined, inputOptions), url },
    ...(relayed ? { relay } : proxied ? { relay: proxy } : {}),
    label: redactUrl(url),
    // stdin (pipe) and the concat demuxer for handflow's own list only: its entry takes the scheme's lists back.
    confinement: { protocols: [...protocols, 'pipe'], formats: ['concat', ...formats] },
  };
}

/**
 * A concat list naming the one URL, opened with `confinement` and then the options (`-name value` pairs) its
 * demuxer and protocol take. A list's options apply to its one entry only, not to what that entry opens in turn:
 * without its own confinement, the entry would get the list's (stdin and concat), and a list the stream served
 * would be read, its entries opened without max_redirects or tls_verify (a listed host could redirect them
 * anywhere). ffmpeg refuses such a list ("Format not on whitelist").
 * Inside single quotes nothing is special to the list's parser: a quote in the URL closes them, is escaped and
 * reopens them.
 */
function concatList(url: string, confinement: FfmpegConfinement, options: readonly string[]): string {
  const lines = ['ffconcat version 1.0', `file ${quoted(url)}`];
  const entryOptions = [...confinementOptions(confinement), ...options];
  for (let index = 0; index < entryOptions.length; index += 2) lines.push(`option ${entryOptions[index]!.slice(1)} ${quoted(entryOptions[index + 1]!)}`);
  return `${lines.join('\n')}\n`;
}

function quoted(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

/** ffmpeg's TLS options (passed on to every TLS connection the stream makes, redirects too) that check its certificate. */
function verifiedWebOptions(ca: StreamCa): string[] {
  return ['-tls_verify', '1', '-ca_file', ca.file];
}

/**
 * The query's options as ffmpeg may read them, names lowercased and percent-decoded: ffmpeg takes the query
 * from the first `?` anywhere in the text (even one a URL parser reads as part of the fragment) and splits it
 * on `&`; splitting on `?` as well only finds more.
 */
function queryOptions(url: string): [string, string][] {
  const start = url.indexOf('?');
  if (start < 0) return [];
  return url
    .slice(start + 1)
    .split(/[&?#]/)
    .map((part) => {
      const equals = part.indexOf('=');
      const [name, value] = equals < 0 ? [part, ''] : [part.slice(0, equals), part.slice(equals + 1)];
      return [decode(name).toLowerCase(), decode(value).toLowerCase()];
    });
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
