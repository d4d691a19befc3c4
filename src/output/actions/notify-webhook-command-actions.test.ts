import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { findProject, parseUserProject, type ProjectDefinition } from '../../projects/projects.js';
import { HttpTestServer, type Answer } from '../../testing/http-test-server.js';
import { missingNotificationTools, notificationDaemon } from '../../testing/notification-daemon.js';
import { scratchFolder } from '../../testing/scratch.js';
import { EventDispatcher } from '../events/event-dispatcher.js';
import type { OutputEvent, OutputEventOf } from '../events/output-event.js';
import { ProjectOutput } from '../project-output.js';
import { assertWireEvent } from '../testing/output-event-validator.js';
import { handPose, SyntheticRun } from '../testing/synthetic-frames.js';
import { DEFAULT_ACTION_POLICY } from './action-policy.js';
import { realSystemControls, type RealControlsOptions } from './system-controls.js';

/** A project's output stage, armed, on real controls, fed frames from the real inference engine at 30 fps. */
async function armed(project: ProjectDefinition, options: RealControlsOptions & { allowCommands?: boolean } = {}) {
  const events: OutputEvent[] = [];
  const dispatcher = new EventDispatcher();
  dispatcher.addListener((event) => void events.push(event));
  const output = new ProjectOutput({ project, dispatcher, logger: pino({ level: 'silent' }), controls: realSystemControls(options), policy: { ...DEFAULT_ACTION_POLICY, allowCommands: options.allowCommands ?? false } });
  await output.actions.arm();
  const run = new SyntheticRun(project.classifiers);
  let t = 0;
  return {
    output,
    show: async (frames: number, fingers: string) => {
      for (let i = 0; i < frames; i++, t += 33) {
        output.write(run.frame(t, handPose(fingers)));
        await output.actions.idle();
      }
    },
    /** Frames as a fast source gives them, not waiting for the actions: gestures that come while one is busy wait. */
    feed: (frames: number, fingers: string) => {
      for (let i = 0; i < frames; i++, t += 33) output.write(run.frame(t, handPose(fingers)));
    },
    ofType: <T extends OutputEvent['type']>(type: T) => events.filter((event): event is OutputEventOf<T> => event.type === type),
  };
}

const THUMBS_UP = '10000';
const OPEN = '11111';

/** Three thumbs up in a row, each held half a second. */
const THREE_THUMBS_UP: readonly [number, string][] = [[15, THUMBS_UP], [15, OPEN], [15, THUMBS_UP], [15, OPEN], [15, THUMBS_UP]];

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** How long `work` takes, in ms. */
async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

describe('gesture-notify on a real notification daemon (dunst on a private session bus, seen by dbus-monitor)', { skip: missingNotificationTools() }, () => {
  const daemon = notificationDaemon();

  test('a thumbs up becomes a Notify call from handflow', async () => {
    const { bus } = daemon;
    const { output, show } = await armed(findProject('gesture-notify'), { env: bus.env });
    await show(15, OPEN);
    await show(15, THUMBS_UP);
    await output.close();
    assert.deepEqual(await bus.waitForNotify('handflow'), { appName: 'handflow', summary: 'handflow', body: 'thumbs_up' });
  });
});

describe('webhook action against a local HTTP server', () => {
  const hook = (url: string, more: Record<string, unknown> = {}) =>
    parseUserProject('hook', { classifiers: ['static'], actions: [{ type: 'webhook', on: ['thumbs_up'], url, timeoutMs: 2000, retries: 1, ...more }] });

  let server: HttpTestServer;
  let answer: Answer = () => 200;
  before(async () => {
    server = await HttpTestServer.start((request, index) => answer(request, index));
  });
  after(() => server?.stop());

  test('POSTs the gesture event as JSON in the wire format, once per thumbs up', async () => {
    server.requests.length = 0;
    const { output, show, ofType } = await armed(hook(server.url, { headers: { authorization: 'Bearer test' } }));
    await show(15, THUMBS_UP);
    await show(15, OPEN);
    await output.close();
    assert.equal(server.requests.length, 1);
    const [request] = server.requests;
    assert.equal(request?.method, 'POST');
    assert.equal(request?.headers['content-type'], 'application/json');
    assert.equal(request?.headers['authorization'], 'Bearer test');
    assert.match(String(request?.headers['idempotency-key']), /^[^/]+\/\d+\/0$/, 'the session, frame and event');
    const body = JSON.parse(request?.body ?? '') as OutputEvent;
    assertWireEvent(body);
    assert.equal(body.type, 'gesture_started');
    assert.deepEqual(body, ofType('gesture_started').find((event) => event.data.gesture_type === 'thumbs_up'), 'the event listeners saw');
  });

  test('a server error is retried; one that persists becomes an error event and the frames go on', async () => {
    server.requests.length = 0;
    answer = () => 503;
    const { output, show, ofType } = await armed(hook(server.url, { minIntervalMs: 0 }));
    await show(15, THUMBS_UP);
    await show(15, OPEN);
    await show(15, THUMBS_UP);
    await output.close();
    answer = () => 200;
    assert.equal(server.requests.length, 4, 'two thumbs up, each tried twice');
    const keys = server.requests.map((request) => request.headers['idempotency-key']);
    assert.equal(keys[0], keys[1], 'a retry carries the same key');
    assert.equal(keys[2], keys[3]);
    assert.notEqual(keys[0], keys[2], 'another thumbs up has a key of its own');
    const errors = ofType('error');
    assert.equal(errors.length, 1, 'the same failure again within 5 s is not repeated');
    assert.deepEqual(errors[0]?.data, { source: 'webhook', code: 'WEBHOOK_FAILED', message: `webhook ${new URL(server.url).origin} answered HTTP 503` });
    assert.equal(ofType('gesture_started').filter((event) => event.data.gesture_type === 'thumbs_up').length, 2, 'events still flowed');
  });
});

describe('disarming stops a webhook or command under way, and the gestures waiting for it', () => {
  const scratch = scratchFolder('handflow-disarm-');

  test('a webhook request under way is dropped at once; the gesture waiting after it is never sent', async () => {
    // The first thumbs up is answered; the next two wait for it, and the second hangs until disarmed.
    const server = await HttpTestServer.start((_request, index) => (index === 0 ? 200 : 'never'));
    try {
      const project = parseUserProject('hook', { classifiers: ['static'], actions: [{ type: 'webhook', on: ['thumbs_up'], url: server.url, minIntervalMs: 0, timeoutMs: 2000, retries: 1 }] });
      const { output, feed, ofType } = await armed(project);
      for (const [frames, fingers] of THREE_THUMBS_UP) feed(frames, fingers);
      await until(() => server.requests.length === 2, 'the second thumbs up to be posted');
      const disarmMs = await timed(() => output.actions.disarm());
      assert.ok(disarmMs < 500, `disarm took ${disarmMs.toFixed(0)} ms: it waited for the request (2 s timeout, a retry)`);
      await new Promise((resolve) => setTimeout(resolve, 3000)); // past the request's timeout, backoff and retry
      await output.close();
      assert.equal(server.requests.length, 2, 'no retry, and the third thumbs up was not sent');
      assert.deepEqual(ofType('error'), [], 'a request the user stopped is no failure');
    } finally {
      await server.stop();
    }
  });

  test('a command under way is killed with what it started; the gesture waiting after it never runs', async () => {
    const log = `${scratch.path}/runs.log`;
    const script = `echo started >> ${log}; sleep 2; echo finished >> ${log}`;
    const project = parseUserProject('cmd', { classifiers: ['static'], actions: [{ type: 'command', on: ['thumbs_up'], minIntervalMs: 0, shell: script }] });
    const { output, feed, ofType } = await armed(project, { allowCommands: true });
    const runs = () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []);
    for (const [frames, fingers] of THREE_THUMBS_UP) feed(frames, fingers);
    await until(() => runs().length === 3, 'the first command to finish and the second to start');
    const disarmMs = await timed(() => output.actions.disarm());
    assert.ok(disarmMs < 1000, `disarm took ${disarmMs.toFixed(0)} ms: it waited for the command`);
    await new Promise((resolve) => setTimeout(resolve, 2500)); // past when the second would have finished
    await output.close();
    assert.deepEqual(runs(), ['started', 'finished', 'started'], 'the second was killed, sleep and all, and the third never started');
    assert.deepEqual(ofType('error'), [], 'a command the user stopped is no failure');
  });

  test('a session stopped (Stop, Ctrl-C) closes its output as a disarm; one whose stream ended lets the commands finish', async () => {
    const outcomes = [];
    for (const stopped of [true, false]) {
      const log = `${scratch.path}/closed-${stopped}.log`;
      const script = `echo started >> ${log}; sleep 1; echo finished >> ${log}`;
      const project = parseUserProject('cmd', { classifiers: ['static'], actions: [{ type: 'command', on: ['thumbs_up'], minIntervalMs: 0, shell: script }] });
      const { output, feed } = await armed(project, { allowCommands: true });
      const runs = () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []);
      for (const [frames, fingers] of THREE_THUMBS_UP) feed(frames, fingers);
      await until(() => runs().length === 3, 'the first command to finish and the second to start');
      const closeMs = await timed(() => output.close({ stopped }));
      await new Promise((resolve) => setTimeout(resolve, 1500)); // past when a command left running would have finished
      outcomes.push({ stopped, runs: runs(), quick: closeMs < 700 });
    }
    assert.deepEqual(outcomes, [
      { stopped: true, runs: ['started', 'finished', 'started'], quick: true },
      { stopped: false, runs: ['started', 'finished', 'started', 'finished', 'started', 'finished'], quick: false },
    ]);
  });
});

describe('command action (opt-in)', () => {
  const scratch = scratchFolder('handflow-command-');
  const project = (argv: string[], env: Record<string, string> = {}) => parseUserProject('cmd', { classifiers: ['static'], actions: [{ type: 'command', on: ['thumbs_up'], argv, env }] });

  test('refused unless output.allowCommands is set, naming the setting', () => {
    assert.throws(
      () => new ProjectOutput({ project: project(['true']), dispatcher: new EventDispatcher(), logger: pino({ level: 'silent' }) }),
      { code: 'INVALID_OPTION', message: 'project cmd has a command action (command), and commands are off: set output.allowCommands to true in handflow.config.json to allow them' },
    );
  });

  test('runs the program without a shell, with its variables and the gesture event in HANDFLOW_EVENT', async () => {
    const file = `${scratch.path}/event.json`;
    const script = `require('node:fs').writeFileSync(${JSON.stringify(file)}, JSON.stringify([process.env.HUE_TOKEN, process.env.HANDFLOW_EVENT]))`;
    const { output, show } = await armed(project([process.execPath, '-e', script], { HUE_TOKEN: 'HUESECRET' }), { allowCommands: true });
    await show(15, THUMBS_UP);
    await output.close();
    const [token, json] = JSON.parse(readFileSync(file, 'utf8')) as [string, string];
    assert.equal(token, 'HUESECRET');
    const event = JSON.parse(json) as OutputEvent;
    assertWireEvent(event);
    assert.ok(event.type === 'gesture_started' && event.data.gesture_type === 'thumbs_up');
  });

  test('a command that fails becomes an error event with its last error line', async () => {
    const { output, show, ofType } = await armed(project([process.execPath, '-e', 'console.error("no printer"); process.exit(3)']), { allowCommands: true });
    await show(15, THUMBS_UP);
    await output.close();
    assert.deepEqual(ofType('error').map((event) => event.data), [{ source: 'command', code: 'TOOL_FAILED', message: `command ${process.execPath} ended with 3: no printer` }]);
  });
});
