import { join, resolve } from 'node:path';

import { errorMessage, HandflowError } from '../../core/errors.js';
import { DEFAULT_GESTURES_FILE, gesturesFileToUse, readGesturesFile } from '../../inference/custom/gestures-file.js';
import { CONFIG_FILE_NAME } from '../../orchestrator/config.js';
import { createLogger } from '../../orchestrator/logger.js';
import { ActionSwitch } from '../../server/action-switch.js';
import { defaultConfigFolder } from '../../server/config-folder.js';
import { ProjectCatalogue } from '../../projects/project-catalogue.js';
import { DEFAULT_MAX_CONNECTIONS } from '../../server/create-server.js';
import { boundedMaxSessions, SESSIONS_PER_CORE } from '../../server/sessions/session-capacity.js';
import { DASHBOARD_FOLDER, DEFAULT_HOST, DEFAULT_PORT, packageVersion, startServer } from '../../server/start-server.js';
import { joinCluster } from '../../cluster/cluster-stores.js';
import type { Command } from '../command.js';
import { integerOption, parseOptions } from '../parse-options.js';
import { SERVER_OPTIONS, serverSetup } from '../server-options.js';
import { untilStopped } from '../stop-signals.js';

const USAGE = `Usage: handflow serve [--host H] [--port P] [options]

Starts the server and its web dashboard: open the address it prints. On 127.0.0.1 (the default) no token is
needed; any other address needs the access token, made on first start, printed once and kept (mode 600) in
the config folder (${defaultConfigFolder()}). On a machine other people log in to, add --require-token: on
127.0.0.1 any of them could otherwise use the server (its cameras, files, the mouse and keys).

Options:
  --host H            address to listen on (default ${DEFAULT_HOST})
  --port P            port (default ${DEFAULT_PORT}; 0 picks a free one)
  --files DIR         a folder file sessions may read (repeatable; default: this folder); uploads are always allowed
  --stream-host H     a host URL sources may connect to: a name (cam1.lan), *.domain, an address or a range
                      (10.0.0.0/8) (repeatable; default: any host the server can reach). With a list, no stream
                      follows a redirect (RTSP is read through a relay that cuts one) and HLS is not read, since
                      either could lead to another host
  --stream-ca FILE    check rtsps and https streams' certificates against this PEM file (the camera's own
                      certificate or its authority's; capture.streamCaFile): a stream that does not match, or whose
                      certificate is for another host, is refused, and so is rtmps. Default: not checked, as ffmpeg
  --webhook-host H    a host webhook actions may POST to, in the same forms (repeatable; default: any host;
                      output.webhookHosts in the config file). With a list, webhooks follow no redirect
  --require-token     ask for the access token on 127.0.0.1 too, so other users of this machine cannot use it
  --allow-origin O    a web origin besides the server's own that may call it (repeatable)
  --allow-host NAME   a host name the server answers to besides its address (repeatable; on 127.0.0.1 it
                      answers to 127.0.0.1, localhost and [::1] only, which stops DNS rebinding; elsewhere to
                      any name, unless this is given: then to the bind address and the names listed only)
  --gestures FILE     the custom gestures file (default ${DEFAULT_GESTURES_FILE} in this folder)
  --max-sessions N    sessions at once (default 4; at most ${SESSIONS_PER_CORE} per core, as more cannot keep up)
  --max-connections N WebSocket clients at once (default ${DEFAULT_MAX_CONNECTIONS})
  --config FILE       settings file (default: handflow.config.json in this folder, if present)
  --log-level L       silent, error, warn, info or debug: structured logs on stderr (default info)
  --nats URL          be a cluster's gateway: files, cameras and streams run on its workers (handflow worker),
                      browser cameras here; credentials and TLS as for handflow worker (docs/deployment.md)

Uploads are kept within the uploads.* settings (size per file and in all, age; see README "Uploads").

Ctrl-C stops the sessions, their ffmpeg processes and the connections, then exits.`;

export const serveCommand: Command = {
  summary: 'start the server and web dashboard (http://127.0.0.1:8787)',
  usage: USAGE,
  async run(args) {
    const { values } = parseOptions({
      args,
      options: {
        host: { type: 'string', default: DEFAULT_HOST },
        port: { type: 'string' },
        ...SERVER_OPTIONS,
        'require-token': { type: 'boolean', default: false },
        'allow-origin': { type: 'string', multiple: true },
        'allow-host': { type: 'string', multiple: true },
        gestures: { type: 'string' },
        'max-sessions': { type: 'string' },
        'max-connections': { type: 'string' },
      },
    });
    const port = integerOption('port', values.port, DEFAULT_PORT, 0, 65535);
    const { maxSessions, warning } = boundedMaxSessions(integerOption('max-sessions', values['max-sessions'], 4, 1, 64));
    if (warning !== undefined && values['max-sessions'] !== undefined) console.warn(`handflow: ${warning}`);
    const maxConnections = integerOption('max-connections', values['max-connections'], DEFAULT_MAX_CONNECTIONS, 1, 1024);
    const { config, fileFolders, streamHosts } = await serverSetup(values);
    const gesturesFile = resolve(await gesturesFileToUse(values.gestures, '--gestures'));
    const configFolder = defaultConfigFolder();
    const logger = createLogger(config.log.level);
    // One that is there but cannot be used would only show when custom gestures are asked for: named, it stops the
    // start; found here, it is told of, and recording makes it anew.
    const gesturesProblem = await readGesturesFile(gesturesFile).then(
      () => undefined,
      (error: unknown) => (error instanceof HandflowError && error.code === 'INPUT_NOT_FOUND' ? undefined : error),
    );
    if (gesturesProblem !== undefined && values.gestures !== undefined) throw gesturesProblem;
    if (gesturesProblem !== undefined) logger.warn(`custom gestures are off until their file is fixed or recorded again: ${errorMessage(gesturesProblem)}`);
    const cluster = config.cluster.url === '' ? undefined : await joinCluster(config.cluster, 'handflow gateway', { role: 'gateway', onRefused: (message) => logger.warn(message) });
    const actions = new ActionSwitch();
    const server = await startServer({
      host: values.host,
      port,
      configFolder,
      requireToken: values['require-token'],
      allowedOrigins: values['allow-origin'] ?? [],
      allowedHosts: values['allow-host'] ?? [],
      config,
      fileFolders,
      streamHosts,
      uploadFolder: join(configFolder, 'uploads'),
      maxUploadBytes: config.uploads.maxFileBytes,
      maxUploadTotalBytes: config.uploads.maxTotalBytes,
      uploadMaxAgeMs: config.uploads.maxAgeMinutes * 60_000,
      deleteUploadsAfterSession: config.uploads.deleteAfterSession,
      gesturesFile,
      maxSessions,
      maxConnections,
      previewIntervalMs: 200,
      dashboardFolder: DASHBOARD_FOLDER,
      version: packageVersion(),
      // Projects made in the dashboard or over the API are saved where the CLI reads them too.
      projects: new ProjectCatalogue(config, resolve(values.config ?? CONFIG_FILE_NAME)),
      actions,
      logger,
      ...(cluster === undefined ? {} : { cluster }),
    }).catch(async (error: unknown) => {
      // The server closes the cluster's connection once it runs; until then it is this command's to close, or the
      // process would stay up on it after saying why it did not start.
      await cluster?.connection.close().catch(() => undefined);
      throw error;
    });
    if (cluster !== undefined) console.log(`handflow: the gateway of the cluster at ${config.cluster.url}`);
    if (server.token?.created) console.log(`handflow: access token (shown this once; kept in ${server.token.path}): ${server.token.token}`);
    else if (server.token) console.log(`handflow: this address needs the access token kept in ${server.token.path}`);
    console.log(`handflow: dashboard at ${server.token?.created ? server.url : server.url.replace(/\?token=.*$/, '')}  (API docs at /api/docs; Ctrl-C stops)`);
    // A second Ctrl-C while stopping lets go of what the actions hold (a dragged mouse button, a mute) first.
    await untilStopped('handflow: stopping sessions and connections (Ctrl-C again to quit at once)', () => server.app.close(), () => actions.disarm());
    return 0;
  },
};

