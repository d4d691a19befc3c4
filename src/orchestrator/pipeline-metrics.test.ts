import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { PipelineMetrics } from './pipeline-metrics.js';
import { RollingStats } from './rolling-stats.js';
import { SlowStageProfiler, WARM_UP_FRAMES } from './slow-stage-profiler.js';

describe('RollingStats', () => {
  it('averages with alpha 0.1, starting from the first sample', () => {
    const stats = new RollingStats(10);
    stats.add(10);
    stats.add(20);
    assert.equal(stats.snapshot().emaMs, 11);
    stats.add(20);
    assert.ok(Math.abs(stats.snapshot().emaMs - 11.9) < 1e-9);
  });

  it('gives nearest-rank percentiles over the latest window only', () => {
    const stats = new RollingStats(100);
    for (let ms = 1000; ms > 900; ms -= 1) stats.add(ms); // pushed out below
    for (let ms = 1; ms <= 100; ms += 1) stats.add(ms);
    const { p50Ms, p95Ms, p99Ms, lastMs, count } = stats.snapshot();
    assert.deepEqual([p50Ms, p95Ms, p99Ms, lastMs, count], [50, 95, 99, 100, 200]);
  });
});

describe('PipelineMetrics', () => {
  it('counts frames and measures fps from the completion times given', () => {
    const metrics = new PipelineMetrics(50);
    for (let i = 0; i < 40; i += 1) metrics.frameProcessed({ extraction: 20, total: 25 }, i, 1000 + i * 40);
    metrics.frameErrored();
    metrics.setDropped(3);
    const snapshot = metrics.snapshot();
    assert.deepEqual(snapshot.frames, { processed: 40, dropped: 3, errored: 1 });
    assert.ok(Math.abs(snapshot.fps - 25) < 1e-9, `fps ${snapshot.fps}`);
    assert.equal(snapshot.stages.extraction.p50Ms, 20);
    assert.equal(snapshot.frameAge.p95Ms, 37, 'the frame ages given, 0 to 39 ms');
    assert.equal(snapshot.stages.inference.count, 0, 'a stage that never ran has no samples');
  });
});

describe('SlowStageProfiler', () => {
  it('warns once when a stage goes over budget, and again only after it came back well under', () => {
    const profiler = new SlowStageProfiler('s1', 30);
    const warned = [20, 31, 35, 28, 31, 23, 32].map((ms) => profiler.observe('extraction', ms, 100)?.medianMs);
    assert.deepEqual(warned, [undefined, 31, undefined, undefined, undefined, undefined, 32]);
    assert.match(profiler.observe('output', 40, 100)!.message, /output takes 40\.0 ms per frame \(median\), over the 30 ms budget/);
  });

  it('does not judge a stage while it warms up', () => {
    const profiler = new SlowStageProfiler('s1', 30);
    assert.equal(profiler.observe('extraction', 500, WARM_UP_FRAMES - 1), undefined);
    assert.ok(profiler.observe('extraction', 500, WARM_UP_FRAMES) !== undefined);
  });
});
