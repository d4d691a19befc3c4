import { readFile } from 'node:fs/promises';

import { connect, credsAuthenticator, nkeyAuthenticator, PermissionViolationError, type NatsConnection, type NodeConnectionOptions } from '@nats-io/transport-node';

import { errorMessage, HandflowError } from '../core/errors.js';
import { bareHost, isLoopbackHost } from '../core/loopback-host.js';
import type { ClusterSettings } from '../orchestrator/cluster-settings.js';

/** How often a connection checks the server is there: a dead link is noticed within two of these. */
const PING_INTERVAL_MS = 2000;

/** An address's user name, password or token: after `scheme://` (or from the start, without one) up to the last `@` before any path. */
const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)?[^/]*@/i;

/**
 * The servers of `cluster.url`, as NATS takes them.
 * @throws HandflowError INVALID_OPTION when there are none, for an address that is not a NATS one, and for one
 *   with credentials in it (they would be printed in messages, and shown to every user by ps for --nats).
 */
export function clusterServers(settings: ClusterSettings): string[] {
  const servers = settings.url.split(',').map((server) => server.trim()).filter((server) => server.length > 0);
  if (servers.length === 0) throw new HandflowError('INVALID_OPTION', 'no NATS server: give --nats nats://host:4222 (or cluster.url in the config file)');
  for (const server of servers) {
    if (USERINFO.test(server)) {
      throw new HandflowError(
        'INVALID_OPTION',
        `the NATS address ${server.replace(USERINFO, '$1***@')} has credentials in it, where messages, logs and ps would show them: give the address without them, the user as cluster.user (or HANDFLOW_CLUSTER_USER) and the password in HANDFLOW_CLUSTER_PASSWORD, or a token in HANDFLOW_CLUSTER_TOKEN`,
      );
    }
    if (!/^(nats|tls):\/\/[^\s/]+$/.test(server)) throw new HandflowError('INVALID_OPTION', `"${server}" is not a NATS server address: write nats://host:4222 (tls://host:4222 for TLS)`);
  }
  return servers;
}

/**
 * Connects to the cluster with the settings' credentials and TLS, reconnecting for ever after: a worker or a
 * gateway outlives a restart of nats-server. What the server refuses this connection later (a subject its user
 * may not publish or subscribe to) goes to `onRefused`, one line for each kind of refusal.
 *
 * @throws HandflowError CLUSTER_UNAVAILABLE naming the servers and what to check; INVALID_OPTION for a
 *   credentials file that cannot be read.
 */
export async function connectCluster(settings: ClusterSettings, name: string, onRefused: (message: string) => void = () => {}): Promise<NatsConnection> {
  const servers = clusterServers(settings);
  const tls = tlsOptions(settings, servers);
  const secretsInClear = tls.tls === undefined && sendsSecret(settings);
  if (secretsInClear) refuseSecretsAcrossNetwork(settings, servers);
  const options: NodeConnectionOptions = {
    servers,
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    pingInterval: PING_INTERVAL_MS,
    maxPingOut: 2,
    // The servers a cluster tells of may be on other machines: a secret sent in clear goes only to those listed.
    ignoreClusterUpdates: secretsInClear,
    ...(await credentials(settings)),
    ...tls,
  };
  try {
    const connection = await connect(options);
    reportRefusals(connection, name, onRefused);
    return connection;
  } catch (error) {
    throw new HandflowError('CLUSTER_UNAVAILABLE', `cannot connect to NATS at ${servers.join(', ')}: ${errorMessage(error)}. ${adviceFor(error, settings, tls.tls !== undefined)}`, { cause: error });
  }
}

/**
 * A refused publish or subscription is otherwise silent (a KV write just times out, a watch sees nothing): says
 * which subject, once for each operation and bucket or subject family, and what to do.
 */
function reportRefusals(connection: NatsConnection, name: string, onRefused: (message: string) => void): void {
  const reported = new Set<string>();
  void (async () => {
    for await (const status of connection.status()) {
      if (status.type !== 'error' || !(status.error instanceof PermissionViolationError)) continue;
      const { operation, subject } = status.error;
      // A JetStream API call by its kind ($JS.API.DIRECT.GET), anything else by its first two tokens ($KV.handflow_leases).
      const family = `${operation} ${subject.split('.').slice(0, subject.startsWith('$JS.API.') ? 4 : 2).join('.')}`;
      if (reported.has(family)) continue;
      reported.add(family);
      onRefused(
        `NATS refuses to let ${name} ${operation === 'publish' ? 'publish to' : 'subscribe to'} ${subject}: the cluster stalls or slows down until its NATS user may (the permissions in docs/deployment.md, "Locking it down")`,
      );
    }
  })();
}

async function credentials(settings: ClusterSettings): Promise<Partial<NodeConnectionOptions>> {
  if (settings.credsFile !== undefined) return { authenticator: credsAuthenticator(await readSecret(settings.credsFile, 'cluster.credsFile')) };
  if (settings.nkeySeedFile !== undefined) {
    const seed = new TextDecoder().decode(await readSecret(settings.nkeySeedFile, 'cluster.nkeySeedFile')).trim();
    return { authenticator: nkeyAuthenticator(new TextEncoder().encode(seed)) };
  }
  if (settings.token !== undefined) return { token: settings.token };
  if (settings.user !== undefined) return { user: settings.user, ...(settings.password === undefined ? {} : { pass: settings.password }) };
  return {};
}

/** A password or token is sent to the server as it is (see `credentials`); an nkey or creds file only signs the server's challenge. */
function sendsSecret(settings: ClusterSettings): boolean {
  const password = settings.user !== undefined && settings.password !== undefined;
  return settings.credsFile === undefined && settings.nkeySeedFile === undefined && (settings.token !== undefined || password);
}

/**
 * A password or token sent without TLS is readable by anyone on the way, and lets them join the bus as a worker
 * (publish events that reach the gateway's clients and their actions): only a server on this machine may get one.
 * @throws HandflowError INVALID_OPTION naming the server and the safe ways to reach it.
 */
function refuseSecretsAcrossNetwork(settings: ClusterSettings, servers: readonly string[]): void {
  const remote = servers.find((server) => !isLoopbackHost(hostOf(server)));
  if (remote === undefined) return;
  const secret = settings.token === undefined ? 'password' : 'token';
  throw new HandflowError(
    'INVALID_OPTION',
    `${remote} is not on this machine and not a TLS address, so the NATS ${secret} would cross the network in clear: write tls://${remote.replace(/^nats:\/\//, '')} (with cluster.tlsCaFile for a private certificate authority; the server needs TLS configured, see docs/deployment.md, "Locking it down"), or sign in with an nkey (cluster.nkeySeedFile) or a creds file (cluster.credsFile), which send no secret`,
  );
}

/** The host of a checked server address, lower case, an IPv6 one without brackets. */
function hostOf(server: string): string {
  return bareHost(new URL(server).hostname);
}

/**
 * What to check after a failed connection: a server without TLS where TLS was asked for, a certificate not trusted,
 * a client certificate the server may want, or the usual suspects.
 */
function adviceFor(error: unknown, settings: ClusterSettings, usesTls: boolean): string {
  const message = errorMessage(error);
  if (/does not support 'tls'/i.test(message)) {
    return 'The server does not offer TLS, which a tls:// address or a cluster.tls* file requires (nothing, credentials included, was sent to it): configure TLS on nats-server, or check that the address is the right server';
  }
  if (/certificate|altnames|self.signed|unable to verify/i.test(message)) {
    return "The server's certificate is not trusted for this address: give the authority that signed it as cluster.tlsCaFile (HANDFLOW_CLUSTER_TLS_CA_FILE), and make sure the certificate names the address in its subjectAltName";
  }
  if (usesTls && settings.tlsCertFile === undefined) {
    return "Check that nats-server runs there (with -js), and the credentials; a server that asks clients for a certificate (verify: true) waits for one: give this one's as cluster.tlsCertFile and cluster.tlsKeyFile";
  }
  return 'Check that nats-server runs there (with -js), and the credentials';
}

/**
 * TLS is required (a server without it is refused, its certificate verified) when any address is tls:// or any
 * TLS file is given. nats.js itself reads tls:// as a hint only: without this it would send the credentials in
 * clear to a server (or a man in the middle) that does not offer TLS.
 */
function tlsOptions(settings: ClusterSettings, servers: readonly string[]): Partial<NodeConnectionOptions> {
  const { tlsCaFile, tlsCertFile, tlsKeyFile } = settings;
  const tlsAddress = servers.some((server) => server.startsWith('tls://'));
  if (!tlsAddress && tlsCaFile === undefined && tlsCertFile === undefined && tlsKeyFile === undefined) return {};
  return {
    tls: {
      ...(tlsCaFile === undefined ? {} : { caFile: tlsCaFile }),
      ...(tlsCertFile === undefined ? {} : { certFile: tlsCertFile }),
      ...(tlsKeyFile === undefined ? {} : { keyFile: tlsKeyFile }),
    },
  };
}

async function readSecret(path: string, setting: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new HandflowError('INVALID_OPTION', `${setting}: cannot read ${path} (${errorMessage(error)})`, { cause: error });
  }
}
