import { hostListKind, type HostList } from '../core/host-list.js';

/** The hosts network streams may be read from (`--stream-host`; see HostList). */
export type StreamHosts = HostList;
export const StreamHosts = hostListKind({ option: '--stream-host', onlyPhrase: 'reads streams only from', code: 'STREAM_HOST_NOT_ALLOWED' });
