import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';

import { scratchFolder } from '../../testing/scratch.js';
import { hugeVideo } from '../../testing/huge-video.js';
import { sharedData } from '../../testing/shared-data.js';
import { waitFor } from '../../testing/wait-for.js';
import { MAX_UPLOADS } from '../uploads/upload-store.js';
import { callJson as call, listeningTestServer as serve, type JsonAnswer as Answer } from '../testing/test-server.js';

async function upload(base: string, bytes: Uint8Array, name = 'clip.mp4', type = 'video/mp4'): Promise<Answer> {
  const response = await fetch(`${base}/api/uploads?name=${encodeURIComponent(name)}`, { method: 'POST', headers: { 'content-type': type }, body: bytes });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

async function uploadNames(base: string): Promise<string[]> {
  return ((await call(base, 'GET', '/api/uploads')).body.uploads as { name: string }[]).map((upload) => upload.name);
}

function assertRefused(answer: Answer, status: number, code: string, hint?: RegExp): void {
  assert.equal(answer.status, status, JSON.stringify(answer.body));
  assert.deepEqual(Object.keys(answer.body).sort(), ['code', 'message']);
  assert.equal(answer.body.code, code);
  if (hint !== undefined) assert.match(String(answer.body.message), hint);
}

/** Starts a file session on `path` and waits for it to end by itself; answers its processed frame count. */
async function framesOfSession(base: string, path: string): Promise<number> {
  const started = await call(base, 'POST', '/api/sessions', { source: { type: 'file', path, realtime: false } });
  assert.equal(started.status, 201, JSON.stringify(started.body));
  const id = String(started.body.id);
  const ended = await waitFor(`session ${id} to end`, async () => {
    const session = await call(base, 'GET', `/api/sessions/${id}`);
    return session.body.state === 'ended' ? session.body : undefined;
  }, 60_000);
  return (ended.metrics as { frames: { processed: number } }).frames.processed;
}

/**
 * An HTTP request written by hand on a socket, so a test decides what is sent and when: the head alone, or
 * a body in pieces. `answer` resolves with the response (and its head) once it is all in.
 */
class RawRequest {
  readonly answer: Promise<Answer & { readonly head: string }>;
  answered = false;
  private readonly socket: Socket;

  constructor(port: number, head: string) {
    this.socket = connect(port, '127.0.0.1');
    this.socket.write(`${head}\r\n\r\n`);
    let received = '';
    this.answer = new Promise((resolve, reject) => {
      const fail = (why: string): void => {
        this.socket.destroy();
        reject(new Error(`${why} (received: ${JSON.stringify(received.slice(0, 300))})`));
      };
      const settle = (): boolean => {
        const split = received.indexOf('\r\n\r\n');
        const length = Number(/\r\ncontent-length: (\d+)/i.exec(received)?.[1]);
        if (split < 0 || Number.isNaN(length) || received.length < split + 4 + length) return false;
        this.socket.destroy();
        const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1]);
        resolve({ status, head: received.slice(0, split), body: JSON.parse(received.slice(split + 4, split + 4 + length)) as Answer['body'] });
        return true;
      };
      this.socket.setTimeout(5000, () => fail('no answer within 5 s'));
      this.socket.on('data', (chunk: Buffer) => {
        this.answered = true;
        received += chunk.toString('latin1');
        settle();
      });
      // A body the server refused to read may reset the connection once the answer is in.
      for (const event of ['end', 'error']) this.socket.on(event, () => settle() || fail(`the connection ended (${event}) before a whole answer`));
    });
  }

  write(bytes: Uint8Array | string): void {
    if (!this.socket.destroyed) this.socket.write(bytes);
  }
}

/** An upload sent chunked, 8 KiB every 5 ms, until the server answers or `maxBytes` are sent. */
async function streamedUntilAnswered(port: number, maxBytes: number): Promise<RawRequest> {
  const request = new RawRequest(port, uploadHead('Transfer-Encoding: chunked'));
  const chunk = Buffer.alloc(8 * 1024, 7);
  for (let sent = 0; sent < maxBytes && !request.answered; sent += chunk.length) {
    request.write(`${chunk.length.toString(16)}\r\n`);
    request.write(chunk);
    request.write('\r\n');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return request;
}

const uploadHead = (headers: string): string => `POST /api/uploads?name=clip.mp4 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: video/mp4\r\n${headers}`;

describe('files a folder source reads', () => {
  const scratch = scratchFolder('handflow-hostile-files-');
  const allowed = join(scratch.path, 'allowed');
  const outside = join(scratch.path, 'outside');
  let server: Awaited<ReturnType<typeof serve>>;

  before(async () => {
    // allowed/photos: two images and a link to one outside.
    // allowed/album: an image, a link to photos (inside), a link to itself, a link to the outside folder.
    for (const folder of [outside, join(allowed, 'photos'), join(allowed, 'album')]) mkdirSync(folder, { recursive: true });
    copyFileSync(sharedData('hagrid-tiles/palm.png'), join(outside, 'secret.png'));
    copyFileSync(sharedData('hagrid-tiles/one.png'), join(allowed, 'photos', 'one.png'));
    copyFileSync(sharedData('hagrid-tiles/peace.png'), join(allowed, 'photos', 'two.png'));
    symlinkSync(join(outside, 'secret.png'), join(allowed, 'photos', 'zz-outside.png'));
    copyFileSync(sharedData('hagrid-tiles/fist.png'), join(allowed, 'album', 'a.png'));
    symlinkSync('../photos', join(allowed, 'album', 'inside'));
    symlinkSync('.', join(allowed, 'album', 'loop'));
    symlinkSync(outside, join(allowed, 'album', 'outside'));
    server = await serve({ fileFolders: [allowed] });
  });
  after(async () => server.close());

  it('refuses to read an image a link in the folder leads to outside the allowed folders', async () => {
    assert.equal(await framesOfSession(server.base, join(allowed, 'photos')), 2, 'one.png and two.png, not the linked secret.png');
  });

  it('refuses to walk a linked folder leading outside, and walks links inside once each', async () => {
    // a.png, and photos' two images through the `inside` link; not `outside`, and `loop` ends the walk.
    assert.equal(await framesOfSession(server.base, join(allowed, 'album')), 3);
  });

  it('takes an allowed folder itself as a source (refusing only what leads out of it)', async () => {
    // album walks photos through its link first, so photos is not walked twice.
    assert.equal(await framesOfSession(server.base, allowed), 3);
  });
});

describe('named pipes where an image should be', () => {
  const scratch = scratchFolder('handflow-hostile-pipes-');
  const allowed = join(scratch.path, 'allowed');
  let server: Awaited<ReturnType<typeof serve>>;

  before(async () => {
    // A pipe no one writes to: opening it to read would wait for ever, and hold one of Node's four file threads.
    mkdirSync(join(allowed, 'album'), { recursive: true });
    execFileSync('mkfifo', [join(allowed, 'pipe.png'), join(allowed, 'album', 'cam.jpg')]);
    copyFileSync(sharedData('hagrid-tiles/one.png'), join(allowed, 'album', 'one.png'));
    symlinkSync('cam.jpg', join(allowed, 'album', 'linked.png'));
    server = await serve({ fileFolders: [allowed] });
  });
  after(async () => server.close());

  it('end a session on one at once, naming why, and leave the server answering', async () => {
    // More sessions than Node has file threads: each would have held one.
    for (let i = 0; i < 5; i++) {
      const started = await call(server.base, 'POST', '/api/sessions', { source: { type: 'file', path: join(allowed, 'pipe.png'), realtime: false } });
      assert.equal(started.status, 201, JSON.stringify(started.body));
      const id = String(started.body.id);
      const ended = await waitFor(`session ${id} to end`, async () => {
        const session = await call(server.base, 'GET', `/api/sessions/${id}`);
        return session.body.state === 'ended' ? session.body : undefined;
      }, 10_000);
      assert.equal(ended.endReason, 'failed');
      assert.match(String(ended.failure), /pipe\.png.*not a regular file/);
    }
    const dashboard = await fetch(`${server.base}/`, { signal: AbortSignal.timeout(5000) });
    assert.equal(dashboard.status, 200, 'the dashboard is still served (its files are read on the same threads)');
  });

  it('are skipped in a folder, named among its problems, and the folder\'s images read', async () => {
    assert.equal(await framesOfSession(server.base, join(allowed, 'album')), 1, 'one.png, not cam.jpg nor the link to it');
  });
});

describe('gestures files a project names', () => {
  const scratch = scratchFolder('handflow-hostile-gestures-');
  const allowed = join(scratch.path, 'allowed');
  const outside = join(scratch.path, 'outside');
  let server: Awaited<ReturnType<typeof serve>>;
  const project = (name: string, customGestures: string) => ({ name, classifiers: ['static'], customGestures, actions: [] });
  const session = (project: string) => call(server.base, 'POST', '/api/sessions', { source: { type: 'file', path: join(allowed, 'one.png'), realtime: false }, project });

  before(async () => {
    for (const folder of [allowed, outside]) mkdirSync(folder, { recursive: true });
    copyFileSync(sharedData('hagrid-tiles/one.png'), join(allowed, 'one.png'));
    const gestures = JSON.stringify({ format: 'handflow-gestures', version: 1, gestures: [] });
    writeFileSync(join(allowed, 'mine.gestures.json'), gestures);
    writeFileSync(join(outside, 'secret.gestures.json'), gestures);
    symlinkSync(join(outside, 'secret.gestures.json'), join(allowed, 'linked.gestures.json'));
    execFileSync('mkfifo', [join(allowed, 'pipe.gestures.json')]);
    server = await serve({ fileFolders: [allowed] });
  });
  after(async () => server.close());

  it('refuses to save a project whose gestures file is outside the folders the server may read, telling no more', async () => {
    const answers = [];
    for (const [name, path] of [['passwd', '/etc/passwd'], ['environ', '/proc/self/environ'], ['zeros', '/dev/zero'], ['secret', join(outside, 'secret.gestures.json')], ['missing', join(outside, 'missing.json')], ['linked', join(allowed, 'linked.gestures.json')]] as const) {
      const answer = await call(server.base, 'POST', '/api/projects', project(name, path));
      assertRefused(answer, 403, 'FILE_NOT_ALLOWED', /is outside the folders this server may read/);
      assert.doesNotMatch(String(answer.body.message), /root|HANDFLOW|not JSON/);
      assert.equal((await call(server.base, 'GET', `/api/projects/${name}`)).status, 404, `${name} is not saved`);
      answers.push(String(answer.body.message).replace(path, 'PATH'));
    }
    // A file outside that exists reads as one that does not.
    assert.equal(answers[3], answers[4]);
  });

  it("saves a project naming a gestures file in an allowed folder, or the server's own, and runs it", async () => {
    assert.equal((await call(server.base, 'POST', '/api/projects', project('mine', join(allowed, 'mine.gestures.json')))).status, 201);
    assert.equal((await session('mine')).status, 201);
    const own = join(server.scratch, 'handflow.gestures.json');
    assert.equal((await call(server.base, 'POST', '/api/projects', project('own', own))).status, 201);
  });

  it('refuses at once a gestures file that is not a regular file, instead of waiting on it', async () => {
    assert.equal((await call(server.base, 'POST', '/api/projects', project('pipe', join(allowed, 'pipe.gestures.json')))).status, 201);
    assertRefused(await session('pipe'), 422, 'SOURCE_UNAVAILABLE', /pipe\.gestures\.json is not a valid handflow gestures file \(not a regular file\)/);
  });
});

describe('the config file a saved project is written into', () => {
  let server: Awaited<ReturnType<typeof serve>>;
  let config = '';
  const hook = (url: string) => ({ classifiers: ['swipe'], actions: [{ type: 'webhook', on: ['swipe_left'], url, headers: { authorization: 'Bearer s3cret' } }] });
  const permissions = () => (statSync(config).mode & 0o777).toString(8);

  before(async () => {
    server = await serve();
    config = join(server.scratch, 'handflow.config.json');
  });
  after(async () => server.close());

  // It holds webhook URLs and their Authorization headers.
  it('is created readable by the server user only', async () => {
    assert.equal(existsSync(config), false);
    assert.equal((await call(server.base, 'POST', '/api/projects', { name: 'hooky', ...hook('http://127.0.0.1:9/first') })).status, 201);
    assert.equal(permissions(), '600');
  });

  it('keeps the mode its owner gave it when a project is saved over it', async () => {
    for (const mode of [0o600, 0o640]) {
      chmodSync(config, mode);
      const saved = await call(server.base, 'PUT', '/api/projects/hooky', hook(`http://127.0.0.1:9/${mode.toString(8)}`));
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      assert.match(readFileSync(config, 'utf8'), new RegExp(`127\\.0\\.0\\.1:9/${mode.toString(8)}`), 'the project was written');
      assert.equal(permissions(), mode.toString(8));
    }
  });
});

describe('upload sizes', () => {
  const maxFile = 64 * 1024;
  const maxTotal = 160 * 1024;
  let server: Awaited<ReturnType<typeof serve>>;

  before(async () => {
    server = await serve({ maxUploadBytes: maxFile, maxUploadTotalBytes: maxTotal });
  });
  after(async () => server.close());
  afterEach(async () => {
    for (const name of await uploadNames(server.base)) await call(server.base, 'DELETE', `/api/uploads/${name}`);
  });

  it('refuses a declared Content-Length over the limit at once, without reading the body', async () => {
    const started = Date.now();
    // 2 GB declared, not a byte of it sent: the answer cannot wait for the body.
    const answer = await new RawRequest(server.port, uploadHead('Content-Length: 2147483648')).answer;
    assertRefused(answer, 413, 'BODY_TOO_LARGE', new RegExp(`${maxFile} bytes`));
    assert.ok(Date.now() - started < 2000, `answered in ${Date.now() - started} ms`);
    // Closed, so the server never reads (or drains) the body it refused.
    assert.match(answer.head, /\r\nconnection: close/i);
    assert.deepEqual(readdirSync(server.uploadFolder), []);
  });

  it('lets a client that goes on sending a refused body read the refusal (the connection is not reset under it)', async () => {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      // As a browser streams a file: on, a little at a time, until the answer comes.
      const request = await streamedUntilAnswered(server.port, 8 * maxFile);
      assertRefused(await request.answer, 413, 'BODY_TOO_LARGE');
    }
  });

  it('refuses a chunked body (no Content-Length) at the limit while it streams', async () => {
    // Up to eight times the limit, stopping once the server has answered.
    const request = await streamedUntilAnswered(server.port, 8 * maxFile);
    assertRefused(await request.answer, 413, 'BODY_TOO_LARGE');
    await waitFor('the partial file to be removed', () => (readdirSync(server.uploadFolder).length === 0 ? true : undefined));
  });

  it('refuses an upload past the total quota, saying how to free space', async () => {
    for (let index = 0; index < 2; index += 1) assert.equal((await upload(server.base, Buffer.alloc(60 * 1024, index))).status, 201);
    assertRefused(await upload(server.base, Buffer.alloc(60 * 1024, 2)), 413, 'UPLOAD_QUOTA_EXCEEDED', /DELETE \/api\/uploads\/\{name\}/);
    // Each 60 KiB file counts as 64 KiB, its size in whole disk blocks.
    assert.equal((await call(server.base, 'GET', '/api/uploads')).body.bytes, 128 * 1024);
  });

  it('refuses an empty upload, keeping nothing', async () => {
    assertRefused(await upload(server.base, new Uint8Array(0)), 400, 'INVALID_REQUEST', /the upload is empty/);
    const chunked = new RawRequest(server.port, uploadHead('Transfer-Encoding: chunked'));
    chunked.write('0\r\n\r\n');
    assertRefused(await chunked.answer, 400, 'INVALID_REQUEST', /the upload is empty/);
    assert.deepEqual(readdirSync(server.uploadFolder), []);
  });

  it('counts a tiny upload as 64 KiB, so tiny files cannot pile up under the quota', async () => {
    for (let index = 0; index < 2; index += 1) assert.equal((await upload(server.base, Buffer.from([index]))).status, 201);
    assertRefused(await upload(server.base, Buffer.from([2])), 413, 'UPLOAD_QUOTA_EXCEEDED');
    assert.equal(readdirSync(server.uploadFolder).length, 2);
  });

  it('refuses parallel uploads that would pass the quota together', async () => {
    const size = 60 * 1024;
    // Four heads first, so all four are under way before any body arrives: each must reserve its size.
    const requests = Array.from({ length: 4 }, () => new RawRequest(server.port, uploadHead(`Content-Length: ${size}`)));
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const request of requests) if (!request.answered) request.write(Buffer.alloc(size, 1));
    const answers = await Promise.all(requests.map((request) => request.answer));
    assert.deepEqual(answers.map((answer) => answer.status).sort(), [201, 201, 413, 413]);
    for (const answer of answers.filter((candidate) => candidate.status === 413)) assert.equal(answer.body.code, 'UPLOAD_QUOTA_EXCEEDED');
    const stored = readdirSync(server.uploadFolder).reduce((sum, name) => sum + statSync(join(server.uploadFolder, name)).size, 0);
    assert.ok(stored <= maxTotal, `${stored} bytes stored`);
  });

  it('refuses an upload of another content type, saying what an upload takes', async () => {
    const answer = await upload(server.base, Buffer.from('a,b'), 'clip.csv', 'text/csv');
    assertRefused(answer, 415, 'UNSUPPORTED_MEDIA_TYPE', /video\/\*, image\/\* or application\/octet-stream/);
    assert.doesNotMatch(String(answer.body.message), /application\/json/);
  });
});

describe('uploads kept at once', () => {
  let server: Awaited<ReturnType<typeof serve>>;
  before(async () => {
    server = await serve({ maxUploadTotalBytes: 2 * MAX_UPLOADS * 64 * 1024 });
  });
  after(async () => server.close());

  it(`refuses an upload past the ${MAX_UPLOADS} kept, whatever their sizes`, async () => {
    for (let index = 0; index < MAX_UPLOADS; index += 1) assert.equal((await upload(server.base, Buffer.from([1]))).status, 201);
    assertRefused(await upload(server.base, Buffer.from([1])), 413, 'UPLOAD_QUOTA_EXCEEDED', new RegExp(`at most ${MAX_UPLOADS} uploads at once`));
    assert.equal(readdirSync(server.uploadFolder).length, MAX_UPLOADS);
  });
});

describe('uploads kept', () => {
  let server: Awaited<ReturnType<typeof serve>>;
  let earlier = '';

  before(async () => {
    server = await serve({}, (uploadFolder) => {
      // An upload an earlier version left readable by all.
      mkdirSync(uploadFolder, { recursive: true, mode: 0o755 });
      earlier = join(uploadFolder, 'earlier.mp4');
      writeFileSync(earlier, Buffer.alloc(100), { mode: 0o644 });
    });
  });
  after(async () => server.close());

  it('keeps uploads readable by the server user only', async () => {
    const answer = await upload(server.base, Buffer.alloc(1000, 1));
    assert.equal(answer.status, 201);
    assert.equal(statSync(String(answer.body.path)).mode & 0o777, 0o600);
    assert.equal(statSync(server.uploadFolder).mode & 0o777, 0o700);
    assert.equal(statSync(earlier).mode & 0o777, 0o600);
  });

  it('lists and deletes uploads by name, refusing names that lead out of the uploads folder', async () => {
    const { body } = await upload(server.base, Buffer.alloc(2000, 1));
    const name = String(body.path).split('/').at(-1)!;
    const listed = await call(server.base, 'GET', '/api/uploads');
    const entry = (listed.body.uploads as Record<string, unknown>[]).find((candidate) => candidate.name === name);
    assert.deepEqual({ ...entry, created: undefined }, { name, path: body.path, bytes: 2000, created: undefined, inUse: false });

    const secret = join(server.scratch, 'secret.txt');
    writeFileSync(secret, 'not an upload');
    for (const traversal of ['..%2fsecret.txt', '%2e%2e%2fsecret.txt', '..%5csecret.txt']) {
      assertRefused(await call(server.base, 'DELETE', `/api/uploads/${traversal}`), 400, 'INVALID_REQUEST');
    }
    assert.ok(existsSync(secret));
    assertRefused(await call(server.base, 'DELETE', '/api/uploads/nothing.mp4'), 404, 'UPLOAD_NOT_FOUND');

    assert.deepEqual((await call(server.base, 'DELETE', `/api/uploads/${name}`)).body, { removed: name });
    assert.equal(existsSync(String(body.path)), false);
    assert.ok(!(await uploadNames(server.base)).includes(name));
  });

  it('refuses to delete an upload a session reads, and deletes it once that session ends', async () => {
    const { body } = await upload(server.base, readFileSync(sharedData('landmarks-reference/asl_hand.25fps.mp4')), 'asl.mp4');
    const path = String(body.path);
    const name = path.split('/').at(-1)!;
    // Played at its own pace (13 s), so it is still running while the delete is tried.
    const started = await call(server.base, 'POST', '/api/sessions', { source: { type: 'file', path, realtime: true } });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    assertRefused(await call(server.base, 'DELETE', `/api/uploads/${name}`), 409, 'UPLOAD_IN_USE', /stop/);
    const listed = await call(server.base, 'GET', '/api/uploads');
    assert.equal((listed.body.uploads as { name: string; inUse: boolean }[]).find((upload) => upload.name === name)?.inUse, true);

    await call(server.base, 'POST', `/api/sessions/${String(started.body.id)}/stop`);
    await waitFor('the upload to be deleted', () => (existsSync(path) ? undefined : true));
    assert.ok(!(await uploadNames(server.base)).includes(name));
  });
});

describe('old uploads', () => {
  let server: Awaited<ReturnType<typeof serve>>;
  let leftOver = '';

  before(async () => {
    server = await serve({ uploadMaxAgeMs: 400 }, (uploadFolder) => {
      // A file an earlier run left, an hour old.
      mkdirSync(uploadFolder, { recursive: true });
      leftOver = join(uploadFolder, 'left-over.mp4');
      writeFileSync(leftOver, Buffer.alloc(100));
      const hourAgo = new Date(Date.now() - 3_600_000);
      utimesSync(leftOver, hourAgo, hourAgo);
    });
  });
  after(async () => server.close());

  it('deletes uploads older than the age allowed, at start and as they age', async () => {
    assert.equal(existsSync(leftOver), false, 'swept at start');
    const { body } = await upload(server.base, Buffer.alloc(500, 1));
    assert.ok(existsSync(String(body.path)));
    await waitFor('the upload to age out', () => (existsSync(String(body.path)) ? undefined : true), 3000);
  });
});

describe('videos whose frames are over 8K', () => {
  const scratch = scratchFolder('handflow-hostile-huge-');

  it('are refused when the session is asked for: a small upload of 8192x5000 frames, named with its size and the limit', async () => {
    const server = await serve();
    try {
      // Under the 100 megapixels photos may have (41), over what a video may (7680x4320): 2 frames in some 0.5 MB.
      const { body } = await upload(server.base, readFileSync(hugeVideo(join(scratch.path, 'huge.avi'), 'avi')), 'huge.avi', 'video/x-msvideo');
      const started = await call(server.base, 'POST', '/api/sessions', { source: { type: 'file', path: String(body.path), realtime: false } });
      assertRefused(started, 422, 'SOURCE_UNAVAILABLE', /: the video is too large \(8192x5000 pixels, the limit is 7680x4320 \(8K\)\): scale it down first/);
    } finally {
      await server.close();
    }
  });
});
