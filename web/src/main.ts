import type { OutputEvent } from '../../src/output/events/output-event';
import { isPipelineStage } from '../../src/core/pipeline-stages';
import type { SessionInfo } from '../../src/server/sessions/session-info-schema';
import type { FrameSummary, MetricsMessage, ServerMessage } from '../../src/server/ws/protocol';
import { adoptTokenFromAddress, api, ApiProblem } from './api';
import { ArmSwitch } from './arm-switch';
import { CameraStreamer } from './camera-streamer';
import { followCluster } from './cluster-status';
import { byId } from './dom';
import { EventLog } from './event-log';
import { GesturesPanel } from './gestures-panel';
import { LiveSocket } from './live-socket';
import { SessionsPanel } from './sessions-panel';
import { holdControlsWhenShown } from './settle-guard';
import { drawSkeleton } from './skeleton-overlay';
import { Sparkline } from './sparkline';

adoptTokenFromAddress();
const guard = holdControlsWhenShown([byId('arm', HTMLButtonElement), byId('source-form', HTMLFormElement)]);

const video = byId('video', HTMLVideoElement);
const preview = byId('preview', HTMLImageElement);
const overlay = byId('overlay', HTMLCanvasElement);
const stageMessage = byId('stage-message', HTMLElement);
const gestureText = byId('gesture', HTMLElement);
const fingersText = byId('fingers', HTMLElement);
const handsText = byId('hands', HTMLElement);
const engagementReadout = byId('engagement', HTMLElement);
const startButton = byId('start', HTMLButtonElement);
const stopButton = byId('stop', HTMLButtonElement);
const sessionStatus = byId('session-status', HTMLElement);
const projectSelect = byId('project', HTMLSelectElement);
const log = new EventLog(byId('event-log', HTMLOListElement));
const armSwitch = new ArmSwitch(byId('arm', HTMLButtonElement), byId('arm-label', HTMLElement), log, guard);

const STAGE_CHARTS = ['extraction', 'inference', 'total'] as const;
const charts = byId('charts', HTMLElement);
const ms = (values: readonly number[]) => values.map((value) => `${value.toFixed(1)}`).join(' / ') + ' ms';
const stageCharts = new Map(STAGE_CHARTS.map((stage) => [stage, new Sparkline(charts, `${stage} p50 / p95`, ms, 2)]));
const fpsChart = new Sparkline(charts, 'fps', ([fps]) => (fps ?? 0).toFixed(1), 1);
const dropChart = new Sparkline(charts, 'dropped frames', ([dropped]) => String(dropped ?? 0), 1);

let sessionId: string | undefined;
/** What the view shows, once it has held for {@link STEADY_FRAMES} frames: the log notes its changes. */
const STEADY_FRAMES = 5;
let logged = '';
let candidate = { shown: '', frames: 0 };

const socket = new LiveSocket(onMessage, (connected) => {
  byId('connection', HTMLElement).textContent = connected ? 'connected' : 'reconnecting…';
  if (!connected) armSwitch.socketLost();
});
const camera = new CameraStreamer(video, socket);
/** Whether the page may show another session: none shown, none being started (Start is disabled from its press until the session shown ends). */
const pageFree = (): boolean => sessionId === undefined && !startButton.disabled;
const sessionsPanel = new SessionsPanel(byId('session-list', HTMLUListElement), {
  shown: () => sessionId,
  free: pageFree,
  watch: (session) => {
    if (!pageFree()) return;
    showSession(session);
    log.add('session', `watching ${session.id} on ${asShown(session.source.label)}`);
    void sessionsPanel.refresh().catch(() => undefined);
  },
  leave: (session) => {
    if (sessionId !== session.id) return;
    log.add('session', `left ${session.id} running`);
    stopShowing(`left running: ${asShown(session.source.label)}`);
  },
  label: (text) => asShown(text),
});
const gestures = new GesturesPanel(
  {
    form: byId('record-form', HTMLFormElement),
    name: byId('gesture-name', HTMLInputElement),
    kind: byId('gesture-kind', HTMLSelectElement),
    train: byId('train', HTMLButtonElement),
    status: byId('gesture-status', HTMLElement),
    list: byId('gesture-list', HTMLUListElement),
    countdown: byId('countdown', HTMLElement),
  },
  () => sessionId,
);

function onMessage(message: ServerMessage, binary?: Blob): void {
  switch (message.channel) {
    case 'frame':
      return showFrame(message);
    case 'metrics':
      return showMetrics(message);
    case 'event':
      if (message.event.type === 'state_changed' && message.event.data.component === 'engagement') showEngagement(message.event.data.state === 'engaged');
      // A stage's failure comes on the error channel too, with its severity: shown from there, once.
      if (message.event.type === 'error' && isPipelineStage(message.event.data.source)) return;
      // An action's failure (no display, no notification daemon) is an error to the person, not just an event.
      return log.add(message.event.type === 'error' ? 'error' : 'event', `${message.event.type} ${describeEvent(message.event)}`);
    case 'error':
      return log.add('error', `${message.stage}: ${asShown(message.message)}`);
    case 'problem':
      // A camera frame already on its way when the session shown here ended: nothing went wrong.
      if (message.code === 'SESSION_NOT_FOUND' && sessionId === undefined) return;
      return log.add('error', asShown(message.message));
    case 'session':
      if (message.state === 'ended' && message.sessionId === sessionId) sessionEnded(message.reason ?? 'ended');
      return;
    case 'preview':
      if (binary !== undefined && message.sessionId === sessionId) showPreview(binary);
      return;
    case 'actions':
      return armSwitch.heard(message.armed);
  }
}

function showFrame(frame: FrameSummary): void {
  if (frame.sessionId !== sessionId) return;
  if (!video.hidden) drawSkeleton(overlay, frame);
  const gesture = frame.gesture === 'none' ? '–' : frame.gesture.replace(/_/g, ' ');
  const fingers = frame.fingerCount === null ? '–' : String(frame.fingerCount);
  gestureText.textContent = gesture;
  fingersText.textContent = fingers;
  handsText.textContent = String(frame.hands.length);
  // The log notes what the view shows when it changes and holds (the project's own events come on the event channel).
  const shown = frame.hands.length === 0 ? 'no hand' : `${frame.hands.length} hand(s), ${fingers} finger(s), ${gesture}`;
  candidate = shown === candidate.shown ? { shown, frames: candidate.frames + 1 } : { shown, frames: 1 };
  if (candidate.frames === STEADY_FRAMES && shown !== logged) {
    log.add('seen', shown);
    logged = shown;
  }
}

function showMetrics(metrics: MetricsMessage): void {
  if (metrics.sessionId !== sessionId) return;
  byId('fps', HTMLElement).textContent = metrics.fps.toFixed(1);
  byId('dropped', HTMLElement).textContent = String(metrics.frames.dropped);
  byId('errored', HTMLElement).textContent = String(metrics.frames.errored);
  for (const [stage, chart] of stageCharts) {
    const latency = metrics.stages[stage];
    if (latency !== undefined) chart.push([latency.p50Ms, latency.p95Ms]);
  }
  fpsChart.push([metrics.fps]);
  dropChart.push([metrics.frames.dropped]);
}

function showPreview(jpeg: Blob): void {
  const old = preview.src;
  preview.src = URL.createObjectURL(jpeg);
  if (old.startsWith('blob:')) URL.revokeObjectURL(old);
}

/** What the log says of an event after its type: the gesture and its finger count, or the error's message. */
function describeEvent(event: OutputEvent): string {
  switch (event.type) {
    case 'gesture_detected':
    case 'gesture_started':
    case 'gesture_ended': {
      const { data } = event;
      const gesture = data.gesture_type === 'custom' ? (data.raw_output.gesture_name ?? 'custom') : data.gesture_type;
      return data.finger_count === null ? gesture : `${gesture}, ${data.finger_count} finger(s)`;
    }
    case 'error':
      return event.data.message;
    case 'state_changed':
      // A session's own actions let go as it ends; the switch over every session's stays as it is.
      return event.data.component === 'actions' ? `this session's actions ${event.data.state}` : `${event.data.component} ${event.data.state}`;
    default:
      return '';
  }
}

async function startSession(): Promise<void> {
  const choice = (document.querySelector('input[name="source"]:checked') as HTMLInputElement).value;
  startButton.disabled = true;
  sessionStatus.textContent = 'starting…';
  try {
    if (choice === 'browser') await camera.open();
    const source = await sourceFor(choice);
    const session = await api<SessionInfo>('POST', '/api/sessions', { source, project: projectSelect.value });
    showSession(session);
    if (session.source.type === 'browser') camera.start(session.id);
    log.add('session', `started ${session.id} on ${asShown(session.source.label)}`);
    void sessionsPanel.refresh().catch(() => undefined);
  } catch (error) {
    camera.close();
    startButton.disabled = false;
    sessionStatus.textContent = asShown(error instanceof ApiProblem || error instanceof Error ? error.message : String(error));
  }
}

/** Shows a session here: its hands, readouts and events, and for a source the server reads, its preview. */
function showSession(session: SessionInfo): void {
  sessionId = session.id;
  const serverSide = session.source.type !== 'browser';
  video.hidden = serverSide;
  preview.hidden = !serverSide;
  drawSkeleton(overlay, undefined);
  socket.subscribe(session.id, serverSide);
  stageMessage.hidden = true;
  startButton.disabled = true;
  stopButton.disabled = false;
  sessionStatus.textContent = `${session.state === 'waiting' ? 'waiting for a worker with room' : 'running'}: ${asShown(session.source.label)} (${session.project})`;
  showEngagement(waitsForEngagement(session.project) ? false : undefined);
}

/** The video file last uploaded: the server names it by where it keeps it, the person by the file they chose. */
let upload: { readonly path: string; readonly name: string } | undefined;

/** `text` with the server's path of the upload in it replaced by the chosen file's name. */
function asShown(text: string): string {
  return upload === undefined ? text : text.replaceAll(upload.path, upload.name);
}

async function sourceFor(choice: string): Promise<unknown> {
  switch (choice) {
    case 'camera':
      return { type: 'camera', device: Number(byId('server-camera', HTMLSelectElement).value) };
    case 'url':
      return { type: 'url', url: byId('source-url', HTMLInputElement).value };
    case 'upload': {
      const file = byId('upload-file', HTMLInputElement).files?.[0];
      if (file === undefined) throw new Error('choose a video file to upload first');
      sessionStatus.textContent = `uploading ${file.name}…`;
      const { path } = await api<{ path: string }>('POST', `/api/uploads?name=${encodeURIComponent(file.name)}`, file);
      upload = { path, name: file.name };
      return { type: 'file', path };
    }
    default:
      return { type: 'browser' };
  }
}

async function stopSession(): Promise<void> {
  if (sessionId === undefined) return;
  stopButton.disabled = true;
  camera.stopSending();
  await api('POST', `/api/sessions/${sessionId}/stop`).catch(() => undefined);
}

/** How a session's end reads to the person who watched it. */
const ENDINGS: Record<string, string> = { ended: 'ended: the source came to its end', stopped: 'stopped', failed: 'failed' };

function sessionEnded(reason: string): void {
  const id = sessionId;
  log.add('session', `${id} ended (${reason})`);
  stopShowing(ENDINGS[reason] ?? `ended: ${reason}`);
  // What went wrong stays on the page: the log scrolls on, and is gone with a reload.
  if (reason === 'failed' && id !== undefined) {
    void api<{ failure?: string }>('GET', `/api/sessions/${id}`)
      .then(({ failure }) => {
        if (failure !== undefined && sessionId === undefined) sessionStatus.textContent = `failed: ${asShown(failure)}`;
      })
      .catch(() => undefined);
  }
}

/** Shows no session any more (the one shown ended, or the page left it running); `status` says why. */
function stopShowing(status: string): void {
  if (sessionId !== undefined) socket.unsubscribe(sessionId);
  sessionId = undefined;
  camera.close();
  drawSkeleton(overlay, undefined);
  // Nothing shown is live any more: no readout may look as if it were.
  gestureText.textContent = '–';
  fingersText.textContent = '–';
  handsText.textContent = '0';
  for (const id of ['fps', 'dropped', 'errored']) byId(id, HTMLElement).textContent = '–';
  preview.hidden = true;
  video.hidden = false;
  stageMessage.hidden = false;
  startButton.disabled = false;
  stopButton.disabled = true;
  sessionStatus.textContent = status;
  void sessionsPanel.refresh().catch(() => undefined);
}

/** The projects by name, as the server describes them. */
const projectsByName = new Map<string, ProjectView>();

interface ProjectView {
  name: string;
  description: string;
  definition?: { inference?: { engagement?: { required?: boolean } } };
}

/** Whether the project's actions wait for the person to engage (hold an open palm still). */
const waitsForEngagement = (name: string): boolean => projectsByName.get(name)?.definition?.inference?.engagement?.required === true;

function showEngagement(engaged: boolean | undefined): void {
  engagementReadout.textContent = engaged === undefined ? '–' : engaged ? 'yes' : 'no';
  engagementReadout.title = engaged === false ? 'Hold an open palm towards the camera, still, for a moment to engage' : '';
  engagementReadout.classList.toggle('engaged', engaged === true);
}

async function loadChoices(): Promise<void> {
  const [{ projects }, { cameras }, { armed }] = await Promise.all([
    api<{ projects: ProjectView[] }>('GET', '/api/projects'),
    api<{ cameras: { index: number; name: string }[] }>('GET', '/api/cameras'),
    api<{ armed: boolean }>('GET', '/api/actions'),
  ]);
  for (const project of projects) projectsByName.set(project.name, project);
  projectSelect.replaceChildren(...projects.map((project) => new Option(`${project.name} — ${project.description}`, project.name)));
  const cameraSelect = byId('server-camera', HTMLSelectElement);
  if (cameras.length > 0) cameraSelect.replaceChildren(...cameras.map((cam) => new Option(cam.name, String(cam.index))));
  else {
    cameraSelect.replaceChildren(new Option('none found on the server', ''));
    cameraSelect.disabled = true;
    sourceRadio(cameraSelect).disabled = true;
  }
  armSwitch.loaded(armed);
}

/** The source choice a control belongs to: the radio button in its label. */
function sourceRadio(control: HTMLElement): HTMLInputElement {
  return control.closest('label')!.querySelector<HTMLInputElement>('input[type="radio"]')!;
}

// Choosing a file, typing a URL or picking a server camera chooses that source, as a person means it to.
for (const [id, event] of [['upload-file', 'change'], ['source-url', 'input'], ['server-camera', 'change']] as const) {
  const control = byId(id, HTMLElement);
  control.addEventListener(event, () => (sourceRadio(control).checked = true));
}

byId('source-form', HTMLFormElement).addEventListener('submit', (event) => {
  event.preventDefault();
  if (guard.deliberate()) void startSession();
  else sessionStatus.textContent = 'not started: the page had only just appeared; press again';
});
stopButton.addEventListener('click', () => void stopSession());

socket.connect();
void followCluster(byId('cluster', HTMLElement)).catch(() => undefined); // the connection status says when the server is away
void loadChoices().catch((error: unknown) => (sessionStatus.textContent = error instanceof Error ? error.message : String(error)));
void gestures.refresh().catch(() => undefined);
sessionsPanel.follow();
