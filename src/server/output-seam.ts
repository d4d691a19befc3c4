import type { ProjectDefinition } from '../projects/projects.js';
import type { PipelineSession } from '../orchestrator/session.js';
import type { OutputSink } from '../output/frame-event.js';

/**
 * Where the server meets the output stage (issue 5: events, the dispatcher, actions and projects). The server
 * depends on these small interfaces only, so wiring the output stage in is one line in `serve`.
 */

/** An event in the design's wire format, sent to WebSocket clients unchanged. */
export interface WireEvent {
  readonly type: string;
  readonly project: string;
  /** Seconds since the epoch. */
  readonly timestamp: number;
  readonly data: unknown;
}

export interface SessionOutputContext {
  readonly sessionId: string;
  /** The session's project: its name and actions. */
  readonly project: ProjectDefinition;
  /** The dispatcher's broadcast handler: every event of the session goes to its WebSocket subscribers. */
  readonly broadcast: (event: WireEvent) => void;
}

/** A project's actions, which start disarmed. */
export interface ArmableActions {
  arm(): Promise<void>;
  disarm(): Promise<void>;
}

/** What the output stage adds to one session. */
export interface SessionOutputs {
  readonly sinks: readonly OutputSink[];
  /** Told of the session once it is built (its state changes and errors become events). */
  watch?(session: PipelineSession): void;
  /** Armed and disarmed with the server's switch. */
  readonly actions?: ArmableActions;
}

/** Makes a session's outputs (the project's events and actions). */
export interface SessionOutputFactory {
  create(context: SessionOutputContext): SessionOutputs | Promise<SessionOutputs>;
}

/** A project as the API shows it. */
export interface ProjectInfo {
  readonly name: string;
  readonly description: string;
  /** Built in, or defined by the user (only those can be updated). */
  readonly builtIn: boolean;
  /** The project's full definition, as the output stage keeps it. */
  readonly definition?: unknown;
}

/** The projects there are, and the user's own. */
export interface ProjectCatalog {
  list(): Promise<readonly ProjectInfo[]>;
  /** @throws ApiError PROJECT_NOT_FOUND */
  get(name: string): Promise<ProjectInfo>;
  /** What a session of the project runs. @throws ApiError PROJECT_NOT_FOUND */
  definition(name: string): Promise<ProjectDefinition>;
  /** @throws ApiError PROJECT_EXISTS; HandflowError INVALID_OPTION naming a wrong setting */
  create(definition: { name: string } & Record<string, unknown>): Promise<ProjectInfo>;
  /** @throws ApiError PROJECT_NOT_FOUND, PROJECT_READ_ONLY; HandflowError INVALID_OPTION */
  update(name: string, settings: Record<string, unknown>): Promise<ProjectInfo>;
}
