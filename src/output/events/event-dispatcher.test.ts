import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EventDispatcher } from './event-dispatcher.js';
import { OutputEventFactory, type OutputEvent } from './output-event.js';

const events = new OutputEventFactory('test-project', () => 1_700_000_000.5);
const stateEvent = (state: string): OutputEvent => events.create('state_changed', { component: 'actions', state });

const stateOf = (event: OutputEvent): string => (event.type === 'state_changed' ? event.data.state : event.type);

/** Lets promise callbacks (not timers) run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('EventDispatcher', () => {
  test('gives each event to sync and async listeners and the broadcast handler, in order', async () => {
    const dispatcher = new EventDispatcher();
    const seen: string[] = [];
    dispatcher.addListener((event) => void seen.push(`sync ${stateOf(event)}`));
    dispatcher.addListener(async (event) => void seen.push(`async ${stateOf(event)}`));
    dispatcher.setBroadcastHandler((event) => void seen.push(`broadcast ${stateOf(event)}`));
    await dispatcher.dispatch(stateEvent('armed'));
    assert.deepEqual(seen, ['sync armed', 'async armed', 'broadcast armed']);
    assert.deepEqual(
      dispatcher.stats.listeners.map(({ name, delivered }) => [name, delivered]),
      [['listener 1', 1], ['listener 2', 1], ['broadcast', 1]],
    );
  });

  test('a listener that throws and one that never resolves do not stop events reaching the others', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const dispatcher = new EventDispatcher({ listenerTimeoutMs: 1000 });
    const reached: string[] = [];
    const broadcast: string[] = [];
    dispatcher.addListener(() => {
      throw new Error('listener bug');
    }, 'throws');
    dispatcher.addListener(() => new Promise<void>(() => {}), 'hangs');
    dispatcher.addListener(async () => Promise.reject(new Error('async listener bug')), 'rejects');
    dispatcher.addListener((event) => void reached.push(stateOf(event)), 'healthy');
    dispatcher.setBroadcastHandler((event) => void broadcast.push(stateOf(event)));

    const deliveries = ['armed', 'disarmed', 'armed'].map((state) => dispatcher.dispatch(stateEvent(state)));
    assert.deepEqual(reached, ['armed', 'disarmed', 'armed'], 'the healthy listener saw every event at once');
    assert.deepEqual(broadcast, ['armed', 'disarmed', 'armed']);

    let done = false;
    void Promise.all(deliveries).then(() => (done = true));
    await settle();
    assert.equal(done, false, 'the hanging listener is still waited for');
    t.mock.timers.tick(1000);
    await settle();
    assert.equal(done, true, 'after the timeout it is given up on');

    const stats = Object.fromEntries(dispatcher.stats.listeners.map((entry) => [entry.name, entry]));
    assert.deepEqual(stats['throws'], { name: 'throws', delivered: 0, failed: 3, timedOut: 0, dropped: 0, pending: 0 });
    assert.deepEqual(stats['hangs'], { name: 'hangs', delivered: 0, failed: 0, timedOut: 3, dropped: 0, pending: 3 });
    assert.deepEqual(stats['rejects'], { name: 'rejects', delivered: 0, failed: 3, timedOut: 0, dropped: 0, pending: 0 });
    assert.deepEqual(stats['healthy'], { name: 'healthy', delivered: 3, failed: 0, timedOut: 0, dropped: 0, pending: 0 });
    assert.equal(dispatcher.stats.dispatched, 3);
  });

  test('a listener that never resolves is not given more than its share of unsettled calls', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const dispatcher = new EventDispatcher({ listenerTimeoutMs: 10, maxPendingPerListener: 2 });
    let calls = 0;
    dispatcher.addListener(() => {
      calls += 1;
      return new Promise<void>(() => {});
    }, 'hangs');
    for (const state of ['a', 'b', 'c', 'd']) void dispatcher.dispatch(stateEvent(state));
    assert.equal(calls, 2);
    assert.equal(dispatcher.stats.listeners[0]?.dropped, 2);
    t.mock.timers.tick(10);
    await dispatcher.drain();
  });

  test('a removed listener and a removed broadcast handler get nothing more', async () => {
    const dispatcher = new EventDispatcher();
    const seen: string[] = [];
    const remove = dispatcher.addListener((event) => void seen.push(`listener ${event.type}`));
    dispatcher.setBroadcastHandler((event) => void seen.push(`broadcast ${event.type}`));
    remove();
    dispatcher.setBroadcastHandler(undefined);
    await dispatcher.dispatch(stateEvent('armed'));
    assert.deepEqual(seen, []);
  });
});
