import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { scratchFolder } from '../testing/scratch.js';
import { sharedData } from '../testing/shared-data.js';

const run = promisify(execFile);

/** The project's root folder, from this module's place in `dist/package/`. */
const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PHOTO = sharedData('finger-count-epsrc/testing_set/3/three_102.jpg');
/** npm from its own cache where it can: the test is about what the package carries, not the network. */
const NPM_INSTALL = ['install', '--prefer-offline', '--no-audit', '--no-fund'];

/** The ```js blocks of README.md's Library section, in order: the examples users copy. */
function readmeLibraryExamples(): string[] {
  const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
  const section = /^## Library\n([\s\S]*?)^## /m.exec(readme)?.[1];
  assert.ok(section !== undefined, 'README.md has a "## Library" section');
  return [...section.matchAll(/^```js\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);
}

/** The `.npmrc` line README's Library section tells users to add before installing. */
function readmeNpmrcLine(): string {
  const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
  const line = /^echo (\S+) >> \.npmrc/m.exec(readme)?.[1];
  assert.ok(line !== undefined, 'README.md says what to add to .npmrc');
  return line;
}

describe('the npm package', { timeout: 180_000 }, () => {
  const scratch = scratchFolder('handflow-pack-');

  test('packs what a user needs and nothing of the tests', async () => {
    const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: PROJECT_ROOT });
    const files = (JSON.parse(stdout) as { files: { path: string }[] }[])[0]!.files.map((file) => file.path);
    for (const needed of ['bin/handflow.js', 'dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js', 'dist/extraction/onnx-worker.js', 'web/dist/index.html', 'schema/output-event.schema.json', 'README.md']) {
      assert.ok(files.includes(needed), `the package carries ${needed}`);
    }
    const unwanted = files.filter((path) => /\.test\.|(^|\/)testing\/|^dist\/(soak|bench)\/|^src\//.test(path));
    assert.deepEqual(unwanted, []);
  });

  test('installs into an empty project, where the README examples find the hand in a photo and `npx handflow analyze` does too', async () => {
    const packed = join(scratch.path, 'tarball');
    mkdirSync(packed);
    const { stdout: tarball } = await run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', packed], { cwd: PROJECT_ROOT });
    const app = join(scratch.path, 'app');
    mkdirSync(app);
    await run('npm', ['init', '-y'], { cwd: app });
    writeFileSync(join(app, '.npmrc'), `${readmeNpmrcLine()}\n`);
    await run('npm', [...NPM_INSTALL, join(packed, tarball.trim())], { cwd: app });

    const [engineExample, sessionExample] = readmeLibraryExamples();
    assert.ok(engineExample !== undefined && sessionExample !== undefined, 'README shows an engine example and a session example');
    writeFileSync(join(app, 'hands.mjs'), engineExample);
    writeFileSync(join(app, 'session.mjs'), sessionExample);

    // The examples type-check against the types the package publishes (strict, as a TypeScript user's would).
    const tsc = join(PROJECT_ROOT, 'node_modules', '.bin', 'tsc');
    const typeRoots = join(PROJECT_ROOT, 'node_modules', '@types');
    await run(tsc, ['--noEmit', '--allowJs', '--checkJs', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--skipLibCheck', '--types', 'node', '--typeRoots', typeRoots, 'hands.mjs', 'session.mjs'], { cwd: app });

    // The models are converted on first use, into the installed package: nothing is fetched.
    const hands = await run('node', ['hands.mjs', PHOTO], { cwd: app });
    assert.match(hands.stdout, /^(Left|Right) hand \(0\.\d\d\), index fingertip at \d+,\d+$/m);
    assert.match(hands.stdout, /^1 hand\(s\) found$/m);

    const session = await run('node', ['session.mjs', PHOTO], { cwd: app });
    assert.match(session.stdout, /^frame 0: 1 hand\(s\), \d finger\(s\)$/m);
    assert.match(session.stdout, /^state_changed \{"component":"session","state":"ended"\}$/m);
    assert.match(session.stdout, /^1 frame\(s\), ended$/m);

    const analyze = await run('npx', ['--no-install', 'handflow', 'analyze', '--json', PHOTO], { cwd: app });
    const frame = JSON.parse(analyze.stdout) as { source: string; hands: { landmarks: unknown[] }[] };
    assert.equal(frame.source, PHOTO);
    assert.equal(frame.hands.length, 1);
    assert.equal(frame.hands[0]!.landmarks.length, 21);
  });
});
