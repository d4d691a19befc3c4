import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DryRunCommandRunner,
  DryRunKeyboard,
  DryRunLog,
  DryRunNotifier,
  DryRunPointer,
  DryRunVolume,
  DryRunWebhookClient,
  type DryRunEntry,
} from './dry-run.js';

describe('dry-run controls', () => {
  test('record what each control would do, in order, and pass each entry to onEntry', async () => {
    const logged: DryRunEntry[] = [];
    const log = new DryRunLog({ onEntry: (entry) => logged.push(entry) });
    await new DryRunVolume(log).setVolume(42.6);
    await new DryRunVolume(log).setMuted(true);
    const pointer = new DryRunPointer(log);
    await pointer.moveTo(10.4, 20.6);
    await pointer.click('right');
    await pointer.press();
    await pointer.release();
    await pointer.scroll(0, -2);
    await new DryRunKeyboard(log).tap('t', ['control', 'shift']);
    await new DryRunNotifier(log).notify('Thumbs up', 'seen');
    assert.equal(await new DryRunWebhookClient(log).postJson('http://127.0.0.1:9/hook?api_key=SUPERSECRETKEY', { a: 1 }), 200);
    const result = await new DryRunCommandRunner(log).run({ kind: 'argv', argv: ['systemctl', 'suspend'] });
    assert.equal(result.exitCode, 0);
    const expected: DryRunEntry[] = [
      { control: 'volume', call: 'setVolume', args: [43] },
      { control: 'volume', call: 'setMuted', args: [true] },
      { control: 'pointer', call: 'moveTo', args: [10, 21] },
      { control: 'pointer', call: 'click', args: ['right'] },
      { control: 'pointer', call: 'press', args: ['left'] },
      { control: 'pointer', call: 'release', args: ['left'] },
      { control: 'pointer', call: 'scroll', args: [0, -2] },
      { control: 'keyboard', call: 'tap', args: ['t', ['control', 'shift']] },
      { control: 'notifier', call: 'notify', args: ['Thumbs up', 'seen'] },
      { control: 'webhook', call: 'postJson', args: ['http://127.0.0.1:9/hook?api_key=***', { a: 1 }] },
      { control: 'command', call: 'run', args: [{ kind: 'argv', argv: ['systemctl', 'suspend'] }] },
    ];
    assert.deepEqual(log.entries, expected);
    assert.deepEqual(logged, expected);
    assert.deepEqual(JSON.parse(JSON.stringify(log.entries)), expected, 'entries are plain data');
  });

  test('keep a simulated state: the volume and pointer read back what was set', async () => {
    const log = new DryRunLog();
    const volume = new DryRunVolume(log, 30);
    assert.equal(await volume.getVolume(), 30);
    await volume.setVolume(75);
    assert.equal(await volume.getVolume(), 75);
    assert.equal(await volume.isMuted(), false);
    const pointer = new DryRunPointer(log, { width: 800, height: 600 });
    assert.deepEqual(await pointer.screenSize(), { width: 800, height: 600 });
    assert.deepEqual(await pointer.position(), { x: 400, y: 300 });
    await pointer.moveTo(5, 6);
    assert.deepEqual(await pointer.position(), { x: 5, y: 6 });
  });

  test('refuse what the real controls refuse, and record nothing for it', async () => {
    const log = new DryRunLog();
    await assert.rejects(new DryRunVolume(log).setVolume(120), { code: 'INVALID_OPTION' });
    await assert.rejects(new DryRunPointer(log).moveTo(Number.NaN, 0), {
      code: 'INVALID_OPTION',
      message: /^pointer x must be a finite number, got NaN$/,
    });
    await assert.rejects(new DryRunWebhookClient(log).postJson('ftp://example.invalid/', {}), {
      code: 'INVALID_OPTION',
    });
    assert.deepEqual(log.entries, []);
  });

  test('keeps only the most recent maxEntries', async () => {
    const log = new DryRunLog({ maxEntries: 2 });
    const keyboard = new DryRunKeyboard(log);
    for (const key of ['a', 'b', 'c'] as const) await keyboard.tap(key);
    assert.deepEqual(
      log.entries.map((entry) => entry.args[0]),
      ['b', 'c'],
    );
  });
});
