import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { chromium, type BrowserContext, type Page, type Response } from 'playwright-core';

import { resolveFfmpegPath } from '../ingestion/ffmpeg-binary.js';
import { sharedData } from '../testing/shared-data.js';
import { DASHBOARD_ARTIFACTS, elementTextIs, FPS_SHOWN_ABOVE_ZERO, OVERLAY_PAINT, startDashboardUnderTest, type DashboardUnderTest } from './testing/dashboard-page.js';
import { OPEN_HAND_VIDEO } from './testing/test-server.js';

const CHROMIUM = '/usr/bin/chromium';

/** Chromium as a person would run it headless: its fake camera playing a file, nothing fetched from outside. */
const chromiumFlags = (y4m: string) => [
  '--headless=new',
  '--no-sandbox',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  `--use-file-for-fake-video-capture=${y4m}`,
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const textOf = (page: Page, selector: string) => page.locator(selector).innerText();

/** Waits until the element's text is `text`. */
const waitForText = (page: Page, selector: string, text: string, timeout: number) => page.waitForFunction(elementTextIs(selector, text), undefined, { timeout });

describe('the dashboard in headless Chromium, its camera playing a real video of an open hand', { skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium; .ci/run does)` }, () => {
  let dashboard: DashboardUnderTest;
  let browser: BrowserContext;
  let page: Page;

  before(async () => {
    dashboard = await startDashboardUnderTest('handflow-dashboard-');
    // Chromium's fake camera reads .y4m: five seconds of the clip at the dashboard's own size and rate.
    const y4m = join(dashboard.scratch, 'open-hand.y4m');
    execFileSync(resolveFfmpegPath(), ['-v', 'error', '-i', sharedData(OPEN_HAND_VIDEO), '-t', '5', '-vf', 'scale=640:360,fps=15', '-pix_fmt', 'yuv420p', y4m]);
    browser = await chromium.launchPersistentContext(join(dashboard.scratch, 'profile'), { executablePath: CHROMIUM, headless: false, args: chromiumFlags(y4m), viewport: { width: 1400, height: 1000 } });
    page = browser.pages()[0] ?? (await browser.newPage());
  });
  after(async () => {
    await browser?.close();
    await dashboard?.close();
  });

  it('opens with the browser camera chosen, actions visibly off, and the projects listed, every request answered', async () => {
    const failed: string[] = [];
    const noteFailure = (response: Response) => void (response.status() >= 400 && failed.push(`${response.status()} ${response.url()}`));
    page.on('response', noteFailure);
    await page.goto(dashboard.server.url);
    assert.equal(await page.locator('input[name="source"][value="browser"]').isChecked(), true);
    assert.equal(await page.locator('#arm').getAttribute('aria-checked'), 'false');
    assert.equal(await textOf(page, '#arm-label'), 'Actions off');
    await page.locator('#project option[value="finger-counter"]').waitFor({ state: 'attached' });
    await page.waitForLoadState('networkidle');
    page.off('response', noteFailure);
    // A server of one process has no /api/cluster: the page does not ask for it (the browser would log a 404).
    assert.deepEqual(failed, []);
    assert.equal(await page.locator('#cluster').isHidden(), true);
    // A server without cameras offers none to choose.
    const { cameras } = (await (await fetch(new URL('/api/cameras', dashboard.server.url))).json()) as { cameras: unknown[] };
    assert.equal(await page.locator('input[name="source"][value="camera"]').isDisabled(), cameras.length === 0);
    await page.screenshot({ path: join(DASHBOARD_ARTIFACTS, 'dashboard-start.png'), fullPage: true });
  });

  it('fits a phone\'s width: nothing wider than the screen, whatever the projects\' descriptions', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    try {
      await page.reload();
      await page.locator('#project option[value="finger-counter"]').waitFor({ state: 'attached' });
      const widths = await page.evaluate<{ page: number; screen: number }>('({ page: document.documentElement.scrollWidth, screen: window.innerWidth })');
      assert.ok(widths.page <= widths.screen, `the page is ${widths.page} px wide on a ${widths.screen} px screen`);
      await page.screenshot({ path: join(DASHBOARD_ARTIFACTS, 'dashboard-phone.png'), fullPage: true });
    } finally {
      await page.setViewportSize({ width: 1400, height: 1000 });
      await page.reload();
    }
  });

  it('streams the camera to the server and shows the hand, five fingers, an open palm and the events', async () => {
    // Keyboard only: the Start button is reached and pressed without the mouse, once the page has settled.
    await page.locator('html:not(.settling)').waitFor();
    await page.locator('#start').focus();
    await page.keyboard.press('Enter');
    await page.locator('#stop:not([disabled])').waitFor({ timeout: 30_000 });
    await waitForText(page, '#fingers', '5', 60_000);
    assert.equal(await textOf(page, '#hands'), '1');
    await waitForText(page, '#gesture', 'open palm', 30_000);
    // The project's own events, in the output stage's wire format, reach the log over the WebSocket.
    await page.locator('#event-log li.log-event', { hasText: 'gesture_started finger_count, 5 finger(s)' }).first().waitFor({ timeout: 30_000 });
    // The skeleton is drawn over the video: the overlay has coloured pixels.
    const drawn = (await page.evaluate(OVERLAY_PAINT)) as { painted: number; width: number; height: number };
    assert.deepEqual({ width: drawn.width, height: drawn.height }, { width: 640, height: 360 });
    assert.ok(drawn.painted > 500, `the skeleton covers ${drawn.painted} pixels`);
    await page.waitForFunction(FPS_SHOWN_ABOVE_ZERO, undefined, { timeout: 10_000 });
    await page.screenshot({ path: join(DASHBOARD_ARTIFACTS, 'dashboard-live.png'), fullPage: true });
    await page.locator('#stage').screenshot({ path: join(DASHBOARD_ARTIFACTS, 'dashboard-live-video.png') });
  });

  it('records a custom gesture after a countdown, trains it, and shows it recognised live', async () => {
    await page.locator('#gesture-name').fill('high_five');
    await page.locator('#record').click();
    await page.locator('#countdown:not([hidden])').waitFor({ timeout: 5000 });
    await page.locator('#gesture-status', { hasText: /Recorded \d+ sample\(s\) of high_five/ }).waitFor({ timeout: 30_000 });
    await page.locator('#train').click();
    await page.locator('#gesture-status', { hasText: /Trained: poses 100% on \d+ samples/ }).waitFor({ timeout: 15_000 });
    await page.locator('#gesture-list li', { hasText: 'high_five (pose' }).waitFor();
    await waitForText(page, '#gesture', 'high five', 30_000);
    await page.screenshot({ path: join(DASHBOARD_ARTIFACTS, 'dashboard-custom-gesture.png'), fullPage: true });
  });

  it('stops the session from the Stop button', async () => {
    await page.locator('#stop').click();
    await page.locator('#start:not([disabled])').waitFor({ timeout: 15_000 });
    assert.equal(await textOf(page, '#session-status'), 'stopped');
    // Nothing shown looks live any more.
    assert.deepEqual([await textOf(page, '#gesture'), await textOf(page, '#fingers'), await textOf(page, '#fps')], ['–', '–', '–']);
    // A camera frame on its way when the session ended is nothing to report.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.deepEqual(await page.locator('#event-log li.log-error').allInnerTexts(), []);
    await page.screenshot({ path: join(DASHBOARD_ARTIFACTS, 'dashboard-stopped.png'), fullPage: true });
  });

  it('lists a session started elsewhere after a reload, shows it with Watch, and stops it from the list', async () => {
    // The clip twice over (16 s, within the test server's 1 MB uploads), uploaded and started over the API, as another tab or a script would.
    const looped = join(dashboard.scratch, 'looped.mp4');
    execFileSync(resolveFfmpegPath(), ['-v', 'error', '-stream_loop', '1', '-i', sharedData(OPEN_HAND_VIDEO), '-c', 'copy', looped]);
    const base = dashboard.server.url.replace(/\/$/, '');
    const { path } = (await (await fetch(`${base}/api/uploads?name=looped.mp4`, { method: 'POST', headers: { 'content-type': 'video/mp4' }, body: readFileSync(looped) })).json()) as { path: string };
    const started = (await (await fetch(`${base}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ source: { type: 'file', path, realtime: true } }) })).json()) as { id: string };
    await page.goto(base);
    const item = page.locator(`#session-list li[data-session="${started.id}"]`);
    await item.waitFor({ timeout: 10_000 });
    assert.match(await item.innerText(), /^finger-counter on \S+\.mp4 \(running\)/);
    await item.getByRole('button', { name: `Show ${started.id} here` }).click();
    await page.waitForFunction(FPS_SHOWN_ABOVE_ZERO, undefined, { timeout: 30_000 });
    assert.equal(await page.locator('#preview').isVisible(), true, 'the server\'s annotated preview is shown');
    await page.locator(`#session-list li[data-session="${started.id}"]`, { hasText: 'shown here' }).waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(DASHBOARD_ARTIFACTS, 'dashboard-sessions.png'), fullPage: true });
    // Leave: the page shows it no more, and it runs on; Watch brings it back.
    await page.getByRole('button', { name: `Stop showing ${started.id} here, leaving it running` }).click();
    await page.locator('#session-status', { hasText: 'left running' }).waitFor({ timeout: 10_000 });
    assert.equal(((await (await fetch(`${base}/api/sessions/${started.id}`)).json()) as { state: string }).state, 'running');
    await page.getByRole('button', { name: `Show ${started.id} here` }).click();
    await page.locator(`#session-list li[data-session="${started.id}"]`, { hasText: 'shown here' }).waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: `Stop ${started.id}` }).click();
    await waitForText(page, '#session-status', 'stopped', 15_000);
    const listed = (await (await fetch(`${base}/api/sessions/${started.id}`)).json()) as { state: string; endReason: string };
    assert.deepEqual([listed.state, listed.endReason], ['ended', 'stopped']);
    await page.locator('#session-list li', { hasText: 'none running' }).waitFor({ timeout: 10_000 });
    // The page was loaded afresh: the next test's Start counts once it has settled.
    await page.locator('html:not(.settling)').waitFor();
  });

  it('with virtual-mouse, shows the person not engaged until the open palm is held still, then engaged', async () => {
    await page.locator('#project').selectOption('virtual-mouse');
    await page.locator('#start').click();
    await page.locator('#stop:not([disabled])').waitFor({ timeout: 30_000 });
    await waitForText(page, '#engagement', 'no', 5000);
    await page.locator('#event-log li.log-event', { hasText: 'state_changed engagement engaged' }).first().waitFor({ timeout: 60_000 });
    await waitForText(page, '#engagement', 'yes', 5000);
    await page.screenshot({ path: join(DASHBOARD_ARTIFACTS, 'dashboard-engaged.png'), fullPage: true });
    await page.locator('#stop').click();
    await page.locator('#start:not([disabled])').waitFor({ timeout: 15_000 });
  });

  it('shows an uploaded video that breaks part-way as one error in the log, naming the chosen file, and the session failed', async () => {
    // The clip cut off after its first 100 kB: ffmpeg decodes some frames, then stops on the damage.
    const truncated = join(dashboard.scratch, 'cut-short.mp4');
    writeFileSync(truncated, readFileSync(sharedData(OPEN_HAND_VIDEO)).subarray(0, 100_000));
    // Choosing the file chooses the source too.
    await page.locator('input[type="file"]').setInputFiles(truncated);
    assert.equal(await page.locator('input[name="source"][value="upload"]').isChecked(), true);
    await page.locator('#start').click();
    await page.locator('#event-log li', { hasText: /session s-[0-9a-f]+ ended \(failed\)/ }).first().waitFor({ timeout: 30_000 });
    // The stage's failure reaches the page twice (the session's error, and its error event): it is logged once.
    const damage = await page.locator('#event-log li', { hasText: 'the video is truncated or damaged' }).allInnerTexts();
    assert.equal(damage.length, 1, damage.join('\n'));
    // Named as the person chose it, not by where the server keeps the upload.
    assert.match(damage[0]!, /error ingestion: cut-short\.mp4: the video is truncated or damaged: ffmpeg stopped after \d+ frames/);
    await page.locator('#event-log li', { hasText: /session started s-[0-9a-f]+ on cut-short\.mp4$/ }).first().waitFor({ timeout: 1000 });
    // Why it failed stays beside Start, where the log's scrolling and a reload cannot take it.
    await page.locator('#session-status', { hasText: /^failed: .*cut-short\.mp4: the video is truncated or damaged/ }).waitFor({ timeout: 10_000 });
  });
});
