import { openSource } from '../../ingestion/open-source.js';
import { parseSourceSpec, type SourceSpec } from '../../ingestion/source-spec.js';
import { buildSession } from '../../orchestrator/build-session.js';
import { errorMessage } from '../../core/errors.js';
import { isPipelineStage } from '../../core/pipeline-stages.js';
import { createLogger } from '../../orchestrator/logger.js';
import { newSessionId } from '../../orchestrator/session-id.js';
import { findProject, listProjects } from '../../projects/projects.js';
import type { OutputEvent } from '../../output/events/output-event.js';
import type { DryRunEntry } from '../../output/system/dry-run.js';
import type { Command } from '../command.js';
import { FlagSettings, numberOrText } from '../flag-settings.js';
import { Progress, writeLine } from '../output-lines.js';
import { parseOptions } from '../parse-options.js';
import { errorLine, frameJson, liveStatus, summaryJson, summaryText } from '../run-view.js';
import { onStopSignals } from '../stop-signals.js';
import { UsageError } from '../usage-error.js';
import { checkStreamCa, loadCliConfig } from '../load-cli-config.js';

const USAGE = `Usage: handflow run --source <webcam[:N]|file|folder|url> [options]

Runs the live pipeline on one source: ingestion, preprocessing, hand landmarks, the project's classifiers,
output. Ends at the end of a file or folder; Ctrl-C (or SIGTERM, SIGHUP) stops it cleanly with a summary, and a
second one quits at once, after letting go of what the actions hold.

Options:
  --source S         webcam, webcam:N, a video or image file, a folder of images, rtsp:// or http:// URL
  --project NAME     what hands mean and do (default finger-counter: counts fingers, no actions);
                     "handflow projects list" shows them all
  --arm              let the project's actions act on the system (keys, mouse, volume, ...): they start disarmed
  --dry-run          actions log what they would do instead of doing it (armed, since nothing real happens)
  --json             print each frame event, output event, error and the summary as one JSON line on stdout
  --realtime         play videos at their own frame rate, dropping frames when behind (default: as fast as
                     possible); the photos of a folder are never dropped
  --recording        the URL serves a recording: read it once, every frame, and end at its end
  --live             the URL serves a live stream: keep up with it, dropping frames when behind, reconnecting
                     (default for both: an http(s) URL whose path ends in .mp4, .mov, .mkv, .webm, .m4v or .avi
                     and that has no query is a recording; any other URL is live)
  --mirror           mirror frames (default: on for cameras, off for files and streams)
  --no-mirror        do not mirror frames
  --stream-ca FILE   check an rtsps or https stream's certificate against this PEM file (the camera's own or
                     its authority's): one that does not match, or is for another host, is refused
  --buffer N         frames buffered between capture and processing (default 3)
  --max-hands N      the most hands per frame (default 2)
  --model lite|full  model size (default full)
  --config FILE      settings file (default: handflow.config.json in this folder, if present)
  --log-level L      silent, error, warn, info or debug: structured logs on stderr (default silent)

Settings come from defaults < config file < HANDFLOW_* environment variables < these flags.
Exit code 0 when the source ended or was stopped, 1 when an error stopped the pipeline.`;

export const runCommand: Command = {
  summary: 'run the live pipeline on a camera, video, folder or stream',
  usage: USAGE,
  async run(args) {
    const { values } = parseOptions({
      args,
      options: {
        source: { type: 'string' },
        project: { type: 'string' },
        arm: { type: 'boolean', default: false },
        'dry-run': { type: 'boolean' },
        json: { type: 'boolean', default: false },
        realtime: { type: 'boolean' },
        recording: { type: 'boolean' },
        live: { type: 'boolean' },
        mirror: { type: 'boolean' },
        'no-mirror': { type: 'boolean' },
        buffer: { type: 'string' },
        'stream-ca': { type: 'string' },
        'max-hands': { type: 'string' },
        model: { type: 'string' },
        config: { type: 'string' },
        'log-level': { type: 'string' },
      },
    });
    if (values.source === undefined) throw new UsageError('say what to read with --source');
    if (values.mirror && values['no-mirror']) throw new UsageError('choose --mirror or --no-mirror, not both');
    const flags = flagSettings(values);
    const config = await loadCliConfig(values.config, flags);
    // Checked whatever the source: a wrong file given is a mistake to hear of now, not when a stream is next read.
    checkStreamCa(config);
    const spec = withUrlKind(await parseSourceSpec(values.source), values.recording, values.live);
    const logger = createLogger(config.log.level);
    const project = findProject(config.project, listProjects(config));
    const progress = new Progress();
    const json = values.json;
    const printEvent = (event: OutputEvent): void | Promise<void> => {
      if (json) return writeLine(JSON.stringify(event));
      // A stage's failure is the session's error, reported by its own line below.
      if (event.type === 'error' && !isPipelineStage(event.data.source)) progress.report(`action ${event.data.source} failed: ${event.data.message}`);
    };
    const source = openSource(spec, config.capture);
    const { session, output } = await buildSession({
      id: newSessionId('run'),
      source,
      config,
      project,
      listeners: [{ listener: printEvent, name: json ? 'stdout' : 'stderr' }],
      sinks: json ? [{ write: (event) => writeLine(frameJson(event)) }] : [],
      onDryRun: (entry) => progress.report(`dry run: ${dryRunText(entry)}`),
      logger,
    });
    if (values.arm || config.output.dryRun) {
      try {
        await output.actions.arm();
      } catch (error) {
        progress.report(`handflow run: cannot arm the actions of ${project.name}: ${errorMessage(error)}`);
        await session.discard();
        return 1;
      }
      progress.report(`armed: ${output.actions.status.map((action) => `${action.name}${action.dryRun ? ' (dry run)' : ''}`).join(', ') || 'no actions'}`);
    }

    let lastView = 0;
    session.on('frame', (event) => {
      const now = performance.now();
      if (json || now - lastView < 200) return;
      lastView = now;
      progress.update(liveStatus(event, session.snapshot()));
    });
    session.on('error', (event) => {
      progress.report(errorLine(event));
      if (json) void writeLine(JSON.stringify(event));
    });
    session.on('warning', (warning) => progress.report(`warning: ${warning.message}`));

    // The first Ctrl-C, kill or closed terminal, or the reader of --json going (`| head`): stop cleanly and
    // summarise. A second signal: let go of anything the actions hold and leave at once.
    const detachStopSignals = onStopSignals({
      stop: () => session.stop(),
      announce: (signal) => progress.report(signal === undefined ? 'stopping: the output\'s reader went' : `stopping (${signal === 'SIGINT' ? 'Ctrl-C' : signal} again to quit at once)`),
      release: () => output.actions.disarm(),
    });
    try {
      const summary = await session.run();
      progress.done();
      if (json) await writeLine(summaryJson(summary));
      progress.report(summaryText(summary));
      return summary.reason === 'ended' || summary.reason === 'stopped' ? 0 : 1;
    } finally {
      detachStopSignals();
    }
  },
};

/** What a dry-run action would have done, e.g. "keyboard tap right". */
function dryRunText({ control, call, args }: DryRunEntry): string {
  return [control, call, ...args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg)))].join(' ');
}

type RunValues = {
  project?: string | undefined;
  'dry-run'?: boolean | undefined;
  realtime?: boolean | undefined;
  mirror?: boolean | undefined;
  'no-mirror'?: boolean | undefined;
  buffer?: string | undefined;
  'stream-ca'?: string | undefined;
  'max-hands'?: string | undefined;
  model?: string | undefined;
  'log-level'?: string | undefined;
};

/** The flags given, as a partial configuration and the flag behind each setting (for error messages). */
function flagSettings(values: RunValues): FlagSettings {
  return new FlagSettings()
    .set('project', '--project', values.project)
    .set('output.dryRun', '--dry-run', values['dry-run'])
    .set('capture.realtime', '--realtime', values.realtime)
    .set('capture.mirror', values.mirror ? '--mirror' : '--no-mirror', values.mirror ? true : values['no-mirror'] ? false : undefined)
    .set('capture.bufferSize', '--buffer', numberOrText(values.buffer))
    .set('capture.streamCaFile', '--stream-ca', values['stream-ca'])
    .set('extraction.maxHands', '--max-hands', numberOrText(values['max-hands']))
    .set('extraction.model', '--model', values.model)
    .set('log.level', '--log-level', values['log-level']);
}

/** `spec` told whether its URL is a recording (`--recording`) or live (`--live`). @throws UsageError for both, or for a source that is not a URL */
function withUrlKind(spec: SourceSpec, recording: boolean | undefined, live: boolean | undefined): SourceSpec {
  if (recording === undefined && live === undefined) return spec;
  if (recording && live) throw new UsageError('choose --recording or --live, not both');
  if (spec.kind !== 'network') throw new UsageError(`--recording and --live say what a URL serves; ${spec.kind === 'webcam' ? 'a camera is live' : 'a file is a recording'} already`);
  return { ...spec, recording: recording === true };
}
