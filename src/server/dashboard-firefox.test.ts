import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import puppeteer, { type Browser, type Page } from 'puppeteer-core';

import { sharedData } from '../testing/shared-data.js';
import { DASHBOARD_ARTIFACTS, elementTextIs, FPS_SHOWN_ABOVE_ZERO, startDashboardUnderTest, textOfElement, type DashboardUnderTest } from './testing/dashboard-page.js';
import { OPEN_HAND_VIDEO } from './testing/test-server.js';

const FIREFOX = '/usr/bin/firefox-esr';

/** Firefox's own fake camera (a synthetic picture, no hand in it), granted without a permission prompt. */
const FAKE_CAMERA_PREFS = {
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
};

/** What Firefox's console and uncaught errors said while the dashboard ran. */
function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error instanceof Error ? error.message : String(error)}`));
  return errors;
}

const textOf = async (page: Page, selector: string): Promise<unknown> => page.evaluate(textOfElement(selector));

/** Waits until the element's text is `text`. */
const waitForText = (page: Page, selector: string, text: string, timeout: number) => page.waitForFunction(elementTextIs(selector, text), { timeout });

/** The session's frame counts as the server reports them (GET /api/sessions/:id). */
async function serverFrameCounts(dashboard: DashboardUnderTest, sessionId: string): Promise<{ processed: number; dropped: number; errored: number }> {
  const response = await fetch(new URL(`/api/sessions/${sessionId}`, dashboard.server.url));
  assert.equal(response.status, 200);
  return ((await response.json()) as { metrics: { frames: { processed: number; dropped: number; errored: number } } }).metrics.frames;
}

/** The running session's id, from the status line ("running: <label> (<project>)") and the log's "started <id> on …". */
async function runningSessionId(page: Page): Promise<string> {
  const started = String(await page.evaluate(`[...document.querySelectorAll('#event-log li')].map((item) => item.textContent).reverse().find((text) => text.includes('started '))`));
  const id = /started (\S+) on/.exec(started)?.[1];
  assert.ok(id !== undefined, `no "started <id>" line in the event log: ${started}`);
  return id;
}

async function pressStartWithKeyboard(page: Page): Promise<void> {
  // Start takes no input in the first second after the page is shown (see web/src/settle-guard.ts).
  await page.waitForSelector('html:not(.settling)');
  await page.focus('#start');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#stop:not([disabled])', { timeout: 30_000 });
}

async function pressStopAndWaitForEnd(page: Page): Promise<void> {
  await page.click('#stop');
  await page.waitForSelector('#start:not([disabled])', { timeout: 15_000 });
  assert.equal(await textOf(page, '#session-status'), 'stopped');
}

describe('the dashboard in headless Firefox ESR over WebDriver BiDi', { skip: existsSync(FIREFOX) ? false : `${FIREFOX} is missing: install Debian's firefox-esr (apt-get install firefox-esr; .ci/run does)` }, () => {
  let dashboard: DashboardUnderTest;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];

  before(async () => {
    dashboard = await startDashboardUnderTest('handflow-dashboard-firefox-');
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX,
      headless: true,
      userDataDir: join(dashboard.scratch, 'profile'),
      extraPrefsFirefox: FAKE_CAMERA_PREFS,
      defaultViewport: { width: 1400, height: 1000 },
      timeout: 30_000,
      protocolTimeout: 30_000,
    });
    // A tab of its own: Puppeteer's first Firefox tab is not the focused one, and Firefox presses a focused
    // button on Enter only in the focused document (as a person's window is).
    page = await browser.newPage();
    pageErrors = collectPageErrors(page);
  });
  after(async () => {
    await browser?.close();
    await dashboard?.close();
  });

  it('opens with the browser camera chosen, the actions switch visibly off, and the projects listed', async () => {
    await page.goto(dashboard.server.url, { waitUntil: 'load', timeout: 15_000 });
    assert.equal(await page.evaluate('document.hasFocus()'), true, 'the dashboard is the focused document, so keys reach it as they would a person');
    await page.waitForSelector('#project option[value="finger-counter"]', { timeout: 10_000 });
    assert.equal(await page.evaluate(`document.querySelector('input[name="source"][value="browser"]').checked`), true);
    assert.equal(await page.evaluate(`document.querySelector('#arm').getAttribute('aria-checked')`), 'false');
    assert.equal(await textOf(page, '#arm-label'), 'Actions off');
    assert.equal(await page.evaluate(`document.querySelector('#arm-label').checkVisibility()`), true);
    await page.screenshot({ path: join(DASHBOARD_ARTIFACTS, 'dashboard-firefox-start.png'), fullPage: true });
    assert.deepEqual(pageErrors, []);
  });

  it("streams Firefox's fake camera to the server after Start is pressed with the keyboard: frames counted, fps shown, no hand", async () => {
    await pressStartWithKeyboard(page);
    await page.waitForFunction(FPS_SHOWN_ABOVE_ZERO, { timeout: 20_000 });
    const sessionId = await runningSessionId(page);
    const frames = await serverFrameCounts(dashboard, sessionId);
    assert.ok(frames.processed > 0, `the server processed ${frames.processed} frames from Firefox's camera`);
    assert.equal(frames.errored, 0);
    console.log(`Firefox's fake camera: fps ${String(await textOf(page, '#fps'))}, the server processed ${frames.processed} frames, dropped ${frames.dropped}`);
    assert.equal(await textOf(page, '#hands'), '0');
    assert.equal(await page.evaluate(`document.querySelector('#video').videoWidth > 0 && !document.querySelector('#video').paused`), true);
    await page.screenshot({ path: join(DASHBOARD_ARTIFACTS, 'dashboard-firefox-fake-camera.png'), fullPage: true });
    assert.deepEqual(pageErrors, []);
    await pressStopAndWaitForEnd(page);
  });

  it('shows the hand in an uploaded video of an open hand: one hand, five fingers, events logged, the preview updating', async () => {
    await page.click('input[name="source"][value="upload"]');
    const fileInput = await page.waitForSelector('#upload-file', { timeout: 5000 });
    assert.ok(fileInput !== null);
    await fileInput.uploadFile(sharedData(OPEN_HAND_VIDEO));
    assert.equal(await page.evaluate(`document.querySelector('#upload-file').files[0]?.name`), 'open_hand_video.mp4');
    await pressStartWithKeyboard(page);
    await waitForText(page, '#hands', '1', 60_000);
    await waitForText(page, '#fingers', '5', 30_000);
    // The finger-counter project's own event reaches the log over the WebSocket.
    await page.waitForFunction(`[...document.querySelectorAll('#event-log li.log-event')].some((item) => item.textContent.includes('gesture_started finger_count, 5 finger(s)'))`, { timeout: 30_000 });
    // The annotated preview is shown instead of the camera, and its picture changes as the video plays.
    assert.equal(await page.evaluate(`document.querySelector('#preview').hidden`), false);
    await page.waitForFunction(`document.querySelector('#preview').naturalWidth > 0`, { timeout: 15_000 });
    const firstPreview = await page.evaluate(`document.querySelector('#preview').src`);
    await page.waitForFunction(`document.querySelector('#preview').src !== ${JSON.stringify(firstPreview)} && document.querySelector('#preview').naturalWidth > 0`, { timeout: 15_000 });
    const events = await page.evaluate(`[...document.querySelectorAll('#event-log li.log-event')].map((item) => item.textContent)`);
    await page.screenshot({ path: join(DASHBOARD_ARTIFACTS, 'dashboard-firefox-upload.png'), fullPage: true });
    const stage = await page.$('#stage');
    await stage?.screenshot({ path: join(DASHBOARD_ARTIFACTS, 'dashboard-firefox-upload-preview.png') });
    console.log(`Firefox showed for the uploaded clip: hands 1, fingers 5, events ${JSON.stringify(events)}`);
    assert.deepEqual(pageErrors, []);
  });
});
