import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import { repoRoot } from '../testing/shared-data.js';
import { scratchFolder } from '../testing/scratch.js';
import { loadConfig } from '../orchestrator/config.js';
import { syntheticExtraction, syntheticHandLandmarks } from '../inference/testing/synthetic-extraction.js';
import { createLogger } from '../orchestrator/logger.js';
import { handPose } from '../output/testing/synthetic-frames.js';
import { createProjectStages, type ProjectStages } from './project-stages.js';
import { findProject, listProjects, parseUserProject, projectSettingsOf, PROJECTS, saveUserProject, type SaveRules } from './projects.js';
import { ProjectCatalogue } from './project-catalogue.js';
import { HandflowError } from '../core/errors.js';
import { actionPolicy, DEFAULT_ACTION_POLICY, type ActionPolicy } from '../output/actions/action-policy.js';

const scratch = scratchFolder('handflow-projects-');

/** Loads a config file holding these settings; resolves the config or rejects with the one-line error. */
const configWith = (settings: unknown) => loadConfig({ file: scratch.file(`config-${Math.random().toString(36).slice(2)}.json`, JSON.stringify(settings)), env: {} });

describe('projects', () => {
  test('the five built-in projects, their actions disarmed presets', () => {
    assert.deepEqual(
      PROJECTS.map((project) => [project.name, project.classifiers.join('+'), project.actions.map((action) => action.type).join('+')]),
      [
        ['finger-counter', 'finger_count', ''],
        ['volume-control', 'pinch+static', 'volume'],
        ['virtual-mouse', 'pinch', 'mouse'],
        ['presentation-control', 'swipe', 'keyboard'],
        ['gesture-notify', 'static', 'notification'],
      ],
    );
    assert.ok(PROJECTS.every((project) => project.builtIn));
  });

  test('user projects from the config file come after the built-in ones, defaults filled', async () => {
    const config = await configWith({
      project: 'thumbs-hook',
      projects: { 'thumbs-hook': { classifiers: ['static'], actions: [{ type: 'webhook', on: ['thumbs_up'], url: 'https://example.org/hook' }] } },
    });
    const projects = listProjects(config);
    const mine = findProject(config.project, projects);
    assert.equal(projects.at(-1), mine);
    assert.equal(mine.builtIn, false);
    assert.deepEqual(mine.actions, [{ type: 'webhook', on: ['thumbs_up'], url: 'https://example.org/hook', dryRun: false, timeoutMs: 5000, retries: 2, headers: {}, minIntervalMs: 1000 }]);
  });

  test('a wrong user project is one line naming the setting and the file', async () => {
    const wrong: [unknown, RegExp][] = [
      [{ projects: { 'volume-control': {} } }, /^invalid setting: projects\.volume-control is a built-in project: choose another name \(from .*\.json\)$/],
      [{ projects: { 'My Project': {} } }, /^invalid setting: projects\.My Project is not a project name: use lower-case letters, digits, - and _/],
      [{ projects: { p: { actions: [{ type: 'keyboard', bindings: { swipe_left: 'next' } }] } } }, /^invalid setting: projects\.p\.actions\.0\.bindings\.swipe_left unknown key "next": use one of a-z, 0-9, f1-f12, up, /],
      [{ projects: { p: { actions: [{ type: 'webhook', on: ['fist'], url: 'ftp://x' }] } } }, /^invalid setting: projects\.p\.actions\.0\.url webhook URL "ftp:\/\/x" is not an http or https URL \(from .*\.json\)$/],
      [{ projects: { p: { classifiers: ['static'], actions: [{ type: 'keyboard', bindings: { swipe_left: 'right' } }] } } }, /^invalid setting: projects\.p\.actions\.0\.bindings\.swipe_left "swipe_left" needs the swipe classifier: add "swipe" to classifiers/],
      [{ projects: { p: { actions: [{ type: 'notification', on: ['wave'] }] } } }, /^invalid setting: projects\.p\.actions\.0\.on\.wave "wave" is not a gesture: use fist, open_palm, .*, or a custom gesture with customGestures/],
      [{ projects: { p: { actions: [{ type: 'mouse' }, { type: 'mouse' }] } } }, /^invalid setting: projects\.p\.actions\.1\.name is "mouse" again: give each action its own name/],
      [{ projects: { p: { actions: [{ type: 'notification', name: 'output', on: ['fist'] }] } } }, /^invalid setting: projects\.p\.actions\.0\.name must not be a pipeline stage's name \(ingestion, preprocessing, extraction, inference, output\): an error event's source names a stage or an action/],
      [{ projects: { p: { actions: [{ type: 'volume', pinchRange: [0.9, 0.1] }] } } }, /^invalid setting: projects\.p\.actions\.0\.pinchRange the first distance \(0%\) must be below the second \(100%\)/],
      [{ projects: { p: { actions: [{ type: 'command', on: ['fist'] }] } } }, /^invalid setting: projects\.p\.actions\.0\.argv give argv or shell, not both or neither/],
      [{ projects: { p: { actions: [{ type: 'command', on: ['fist'], argv: ['true'], env: { 'HUE-TOKEN': 'x' } }] } } }, /^invalid setting: projects\.p\.actions\.0\.env\.HUE-TOKEN a variable name is letters, digits and _, not starting with a digit/],
      [{ projects: { p: { actions: [{ type: 'command', on: ['fist'], argv: ['true'], env: { HANDFLOW_EVENT: '{}' } }] } } }, /^invalid setting: projects\.p\.actions\.0\.env\.HANDFLOW_EVENT HANDFLOW_EVENT is the gesture event's own variable/],
      [{ projects: { p: { actions: [{ type: 'volume', volume: 3 }] } } }, /^invalid setting: projects\.p\.actions\.0\.volume is not a known setting/],
      [{ output: { allowCommands: 'yes' } }, /^invalid setting: output\.allowCommands expected boolean, not "yes"/],
      [{ projects: { p: { inference: { swipe: { minDistance: -1 } } } } }, /^invalid setting: projects\.p\.inference\.swipe\.minDistance Too small: expected number to be >0/],
      [{ projects: { p: { inference: { engagement: { needed: true } } } } }, /^invalid setting: projects\.p\.inference\.engagement\.needed is not a known setting/],
    ];
    for (const [settings, message] of wrong) {
      await assert.rejects(configWith(settings), (error: Error) => {
        assert.match(error.message, message);
        assert.doesNotMatch(error.message, /\n/);
        return true;
      });
    }
  });

  test('saveUserProject checks the project and writes it into the config file, keeping the other settings', async () => {
    const file = scratch.file('saved.json', JSON.stringify({ capture: { fps: 15 }, projects: { old: { classifiers: ['static'] } } }));
    const saved = await saveUserProject(file, 'keys', { classifiers: ['static'], actions: [{ type: 'keyboard', bindings: { fist: 'space' } }] }, rulesOf(DEFAULT_ACTION_POLICY));
    assert.equal(saved.name, 'keys');
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), {
      capture: { fps: 15 },
      projects: { old: { classifiers: ['static'] }, keys: { classifiers: ['static'], actions: [{ type: 'keyboard', bindings: { fist: 'space' } }] } },
    });
    const config = await loadConfig({ file, env: {} });
    assert.deepEqual(listProjects(config).map((project) => project.name).slice(-2), ['old', 'keys']);
    await assert.rejects(saveUserProject(file, 'bad', { actions: [{ type: 'teleport' }] }, rulesOf(DEFAULT_ACTION_POLICY)), { code: 'INVALID_OPTION', message: /^invalid setting: projects\.bad\.actions\.0\.type/ });
    assert.throws(() => parseUserProject('finger-counter', {}), { message: 'invalid setting: projects.finger-counter is a built-in project: choose another name' });
  });

  test('saveUserProject writes no project whose actions the policy does not allow', async () => {
    const original = JSON.stringify({ projects: { old: { classifiers: ['static'] } } });
    const file = scratch.file('policy.json', original);
    const hook = { classifiers: ['static'], actions: [{ type: 'webhook', on: ['fist'], url: 'http://10.0.0.8/hook' }] };
    const listed = actionPolicy({ allowCommands: false, webhookHosts: ['*.hooks.lan'] });
    await assert.rejects(saveUserProject(file, 'hook', hook, rulesOf(listed)), { code: 'WEBHOOK_HOST_NOT_ALLOWED', message: /^project hook, action webhook: http:\/\/10\.0\.0\.8\/hook: .*add 10\.0\.0\.8$/ });
    const command = { classifiers: ['static'], actions: [{ type: 'command', on: ['fist'], argv: ['true'] }] };
    await assert.rejects(saveUserProject(file, 'cmd', command, rulesOf(listed)), { code: 'INVALID_OPTION', message: /^project cmd has a command action .*set output\.allowCommands to true/ });
    assert.equal(readFileSync(file, 'utf8'), original);
    await saveUserProject(file, 'hook', { ...hook, actions: [{ ...hook.actions[0]!, url: 'https://ci.hooks.lan/hook' }] }, rulesOf(listed));
    await saveUserProject(file, 'cmd', command, rulesOf(actionPolicy({ allowCommands: true, webhookHosts: [] })));
    assert.deepEqual(Object.keys(JSON.parse(readFileSync(file, 'utf8')).projects), ['old', 'hook', 'cmd']);
  });

  test('saveUserProject writes no project whose gestures file the rules refuse', async () => {
    const original = JSON.stringify({ projects: {} });
    const file = scratch.file('gestures-rules.json', original);
    const checked: string[] = [];
    const rules: SaveRules = {
      actions: DEFAULT_ACTION_POLICY,
      checkGesturesFile: async (path) => {
        checked.push(path);
        if (path !== 'mine.json') throw new HandflowError('FILE_NOT_ALLOWED', `${path} is outside the folders this server may read`);
      },
    };
    const custom = (customGestures: string) => ({ classifiers: ['static'], customGestures, actions: [] });
    await assert.rejects(saveUserProject(file, 'spy', custom('/etc/passwd'), rules), { code: 'FILE_NOT_ALLOWED', message: /^\/etc\/passwd is outside/ });
    assert.equal(readFileSync(file, 'utf8'), original);
    await saveUserProject(file, 'mine', custom('mine.json'), rules);
    await saveUserProject(file, 'plain', { classifiers: ['static'] }, rules);
    assert.deepEqual(checked, ['/etc/passwd', 'mine.json']);
    assert.deepEqual(Object.keys(JSON.parse(readFileSync(file, 'utf8')).projects), ['mine', 'plain']);
  });

  test('a catalogue saves one project at a time: saves at once all land, and the config file stays whole', async () => {
    const file = scratch.file('concurrent.json', JSON.stringify({ capture: { fps: 15 } }));
    const catalogue = new ProjectCatalogue({ projects: {} }, file);
    const names = Array.from({ length: 30 }, (_, index) => `p${index}`);
    const description = 'x'.repeat(50_000);
    const saved = await Promise.allSettled(names.map((name, index) => catalogue.create(name, { description: index % 2 ? description : 'short', classifiers: ['static'] }, rulesOf(DEFAULT_ACTION_POLICY))));
    assert.deepEqual(saved.map((result) => result.status), names.map(() => 'fulfilled'));
    const written = JSON.parse(readFileSync(file, 'utf8')) as { capture: unknown; projects: Record<string, unknown> };
    assert.deepEqual(written.capture, { fps: 15 });
    assert.deepEqual(Object.keys(written.projects).sort(), [...names].sort());
    assert.deepEqual(readdirSync(dirname(file)).filter((name) => name.endsWith('.tmp')), []);
    await assert.rejects(catalogue.create('p3', { classifiers: ['static'] }, rulesOf(DEFAULT_ACTION_POLICY)), { code: 'PROJECT_EXISTS' });
  });

  test('a session starting with a project gets what the saves before it wrote, and a save while it starts is refused', async () => {
    const file = scratch.file('starting.json', JSON.stringify({ projects: { mine: { description: 'before', classifiers: ['static'] } } }));
    const catalogue = new ProjectCatalogue(await loadConfig({ file, env: {} }), file);
    const rules = rulesOf(DEFAULT_ACTION_POLICY);
    // A save asked for just before a start, still being written when the start comes: the start waits for it.
    const saving = catalogue.update('mine', { description: 'after', classifiers: ['static'] }, rules);
    assert.equal(await catalogue.startWith('mine', async (project) => project.description), 'after');
    await saving;
    // A save asked for while a start is under way would change what the session shows, not what it runs.
    let started!: () => void;
    const starting = catalogue.startWith('mine', (project) => new Promise<string>((resolve) => (started = () => resolve(project.description))));
    await assert.rejects(catalogue.update('mine', { description: 'during', classifiers: ['static'] }, rules), { code: 'PROJECT_IN_USE', message: /being started/ });
    started();
    assert.equal(await starting, 'after');
    // Once started, the session is the server's to report as running; the catalogue lets the save through.
    assert.equal((await catalogue.update('mine', { description: 'later', classifiers: ['static'] }, rules)).description, 'later');
    await assert.rejects(catalogue.startWith('nope', async () => 'never'), { code: 'PROJECT_NOT_FOUND' });
    await assert.rejects(catalogue.startWith('mine', async () => Promise.reject(new Error('no camera'))), /no camera/);
    assert.equal((await catalogue.update('mine', { description: 'unhindered', classifiers: ['static'] }, rules)).description, 'unhindered', 'a start that failed holds nothing');
  });

  test('handflow projects list shows the built-in and the user projects', async () => {
    const file = scratch.file('listed.json', JSON.stringify({ projects: { 'thumbs-keys': { description: 'thumbs up presses t', classifiers: ['static'], actions: [{ type: 'keyboard', bindings: { thumbs_up: 't' } }] } } }));
    const { stdout } = await promisify(execFile)(process.execPath, [`${repoRoot}/bin/handflow.js`, 'projects', 'list', '--config', file]);
    assert.match(stdout, /^presentation-control: swipe left for the next slide .*\n {2}classifiers: swipe\n {2}actions: keyboard \(keys: swipe_left -> right, swipe_right -> left\)$/m);
    assert.match(stdout, /^thumbs-keys \(yours\): thumbs up presses t\n {2}classifiers: static\n {2}actions: keyboard \(keys: thumbs_up -> t\)$/m);
    const json = await promisify(execFile)(process.execPath, [`${repoRoot}/bin/handflow.js`, 'projects', 'list', '--json', '--config', file]);
    const listed = json.stdout.trim().split('\n').map((line) => JSON.parse(line) as { name: string; builtIn: boolean });
    assert.deepEqual(listed.map((project) => [project.name, project.builtIn]).slice(-2), [['gesture-notify', true], ['thumbs-keys', false]]);
  });
});

describe('a project\'s settings, as a cluster gateway hands them to its workers', () => {
  test('read back, they make the same project: every built-in one, and one of the user\'s with a webhook and its own inference settings', () => {
    const mine = parseUserProject('mine', {
      description: 'mine',
      classifiers: ['finger_count', 'pinch'],
      customGestures: '/srv/my.gestures.json',
      actions: [{ type: 'webhook', url: 'https://hooks.example/h', headers: { 'x-api-key': 'k' }, on: ['fingers_2'] }],
      inference: { smoothing: { minCutoff: 2 } },
    });
    for (const project of [...PROJECTS, mine]) {
      const settings = JSON.parse(JSON.stringify(projectSettingsOf(project))) as unknown;
      assert.deepEqual(parseUserProject('read-back', settings), { ...project, name: 'read-back', builtIn: false }, project.name);
    }
  });
});

describe('a project\'s own inference settings', () => {
  const silent = createLogger('silent');
  const output = { dryRun: true, allowCommands: false, listenerTimeoutMs: 1000, webhookHosts: [] };
  /** An open left hand, its palm to the camera, held still at 30 fps: whether the project is engaged at `ms`. */
  const engagedAt = (stages: ProjectStages, ms: number) => {
    let engaged: boolean | undefined;
    for (let at = 0; at <= ms; at += 33) engaged = stages.inference.infer(syntheticExtraction([syntheticHandLandmarks(handPose('11111'), 'Left')], at)).engaged;
    return engaged;
  };

  test('are laid over the configuration\'s: what the project sets wins, the rest stays as configured', async () => {
    const config = await loadConfig({ env: {}, flags: { inference: { engagement: { holdMs: 1500 } } } });
    const mouse = findProject('virtual-mouse');
    assert.deepEqual(mouse.inference, { engagement: { required: true } });
    const stages = () => createProjectStages({ project: mouse, inference: config.inference, output, mirrored: false, logger: silent });
    // Required by the project, held for the configured 1.5 s rather than the default 1 s.
    assert.equal(engagedAt(await stages(), 1000), false);
    assert.equal(engagedAt(await stages(), 1600), true);
    const counter = await createProjectStages({ project: findProject('finger-counter'), inference: config.inference, output, mirrored: false, logger: silent });
    assert.equal(engagedAt(counter, 1600), undefined, 'no engagement where none is required');
  });
});

/** Save rules with this action policy and any gestures file allowed. */
function rulesOf(actions: ActionPolicy): SaveRules {
  return { actions, checkGesturesFile: async () => undefined };
}
