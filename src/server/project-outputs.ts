import type { Logger } from 'pino';

import type { HandflowConfig } from '../orchestrator/config.js';
import type { PipelineSession } from '../orchestrator/session.js';
import { EventDispatcher } from '../output/events/event-dispatcher.js';
import { ProjectOutput } from '../output/project-output.js';
import type { SessionOutputFactory } from './output-seam.js';

/**
 * Each session's output stage: its project's events through a dispatcher whose broadcast handler is the
 * WebSocket, and its actions under the server's arm/disarm switch, with every `output` setting (a dry run
 * stays a dry run when the dashboard arms it; commands run only where allowed).
 */
export function projectOutputs(settings: HandflowConfig['output'], logger: Logger): SessionOutputFactory {
  return {
    create({ sessionId, project, broadcast }) {
      const log = logger.child({ session: sessionId });
      const dispatcher = new EventDispatcher({ listenerTimeoutMs: settings.listenerTimeoutMs, logger: log });
      dispatcher.setBroadcastHandler(broadcast);
      const output = new ProjectOutput({ project, dispatcher, logger: log, dryRun: settings.dryRun, allowCommands: settings.allowCommands });
      const watch = (session: PipelineSession): void => {
        session.on('state', (state) => output.reportState(state));
        session.on('error', (error) => output.reportError(error));
      };
      return { sinks: [output], watch, actions: output.actions };
    },
  };
}
