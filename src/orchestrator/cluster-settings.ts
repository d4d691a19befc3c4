import { z } from 'zod';

/**
 * How `handflow worker` and `handflow serve --nats` reach the NATS cluster, and the cluster's own rules. Secrets
 * belong in the environment (`HANDFLOW_CLUSTER_PASSWORD`, `HANDFLOW_CLUSTER_TOKEN`) or in a creds file, not on a
 * command line where every user of the machine can read them.
 */
export const clusterSettingsSchema = z.strictObject({
  /** The NATS servers, comma-separated (`nats://host:4222,nats://other:4222`); empty: no cluster. */
  url: z.string().default(''),
  /** A user name, with `password`. */
  user: z.string().min(1).optional(),
  password: z.string().min(1).optional(),
  /** A token, instead of a user. */
  token: z.string().min(1).optional(),
  /** A `.creds` file (a user JWT and its nkey seed), as `nsc` makes them. */
  credsFile: z.string().min(1).optional(),
  /** A file holding an nkey seed (`SU...`), for a server configured with nkey users. */
  nkeySeedFile: z.string().min(1).optional(),
  /** TLS: the certificate authority to trust (PEM). Any of the three, or a tls:// address, makes TLS required. */
  tlsCaFile: z.string().min(1).optional(),
  /** TLS client certificate and key (PEM), for servers that verify clients. */
  tlsCertFile: z.string().min(1).optional(),
  tlsKeyFile: z.string().min(1).optional(),
  /**
   * A worker holds a stream for this long after its last heartbeat: a worker that dies or is cut off loses its
   * streams this long after, and another takes them. Defaults to 5000 ms. The gateway's, at its first start: the
   * bucket keeps the length it was made with, and workers take it from there.
   */
  leaseMs: z.number().int().min(1000).max(600_000).default(5000),
  /**
   * A gateway takes at most this many streams that have not ended (running or waiting for a worker): a client
   * cannot fill the cluster's buckets with requests. Defaults to 256.
   */
  maxOpenStreams: z.number().int().min(1).max(100_000).default(256),
  /** Events are kept on the bus this long, for consumers that were away, and ended streams as long. Defaults to 24 hours. The gateway's apply. */
  eventsMaxAgeHours: z.number().min(0.01).max(24 * 365).default(24),
  /** And at most this much of them, oldest dropped first. Defaults to 1024 MiB. The gateway's apply. */
  eventsMaxMegabytes: z.number().int().min(1).max(1024 * 1024).default(1024),
});

export type ClusterSettings = z.output<typeof clusterSettingsSchema>;
