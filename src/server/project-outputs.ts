import type { Logger } from 'pino';

import { EventDispatcher } from '../output/events/event-dispatcher.js';
import { ProjectOutput } from '../output/project-output.js';
import type { SessionOutputFactory } from './output-seam.js';

/**
 * Each session's output stage (issue 5): its project's events through a dispatcher whose broadcast handler is
 * the WebSocket, and its actions under the server's arm/disarm switch.
 */
export function projectOutputs(logger: Logger): SessionOutputFactory {
  return {
    create({ sessionId, project, broadcast }) {
      const log = logger.child({ session: sessionId });
      const dispatcher = new EventDispatcher({ logger: log });
      dispatcher.setBroadcastHandler(broadcast);
      const output = new ProjectOutput({ project, dispatcher, logger: log });
      return { sinks: [output], watch: (session) => output.watch(session), actions: output.actions };
    },
  };
}
