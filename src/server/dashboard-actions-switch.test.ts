import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';

import { chromium, type Browser, type Page } from 'playwright-core';

import { elementTextIs, startDashboardUnderTest, type DashboardUnderTest } from './testing/dashboard-page.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** How soon a page must show a change made elsewhere: a person glancing at it must not be misled for longer. */
const SHOWN_WITHIN_MS = 2000;

/** True once the switch reads `armed`, in its state and its words. */
const switchShows = (armed: boolean): string => `document.querySelector('#arm').getAttribute('aria-checked') === '${armed}' && ${elementTextIs('#arm-label', armed ? 'Actions ARMED' : 'Actions off')}`;

describe("the dashboard's Actions switch follows the server's, whoever turns it", { skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium; .ci/run does)` }, () => {
  let dashboard: DashboardUnderTest;
  let browser: Browser;

  before(async () => {
    dashboard = await startDashboardUnderTest('handflow-dashboard-switch-');
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: false, args: CHROMIUM_FLAGS });
  });
  after(async () => {
    await browser?.close();
    await dashboard?.close();
  });

  /** A dashboard page loaded, its socket connected, showing actions off. */
  async function openDashboard(): Promise<Page> {
    const page = await browser.newPage();
    await page.goto(dashboard.server.url);
    await page.waitForFunction(elementTextIs('#connection', 'connected'), undefined, { timeout: 15_000 });
    await page.waitForFunction(switchShows(false), undefined, { timeout: 5000 });
    return page;
  }

  const api = async (path: string) => {
    const response = await fetch(new URL(path, dashboard.server.url), { method: 'POST' });
    assert.equal(response.status, 200, await response.clone().text());
    return (await response.json()) as { armed: boolean };
  };

  it('shows actions armed when an API client arms them, and off when it disarms them', async () => {
    const page = await openDashboard();
    assert.deepEqual(await api('/api/actions/arm'), { armed: true });
    await page.waitForFunction(switchShows(true), undefined, { timeout: SHOWN_WITHIN_MS });
    await page.locator('#event-log li', { hasText: 'actions armed' }).first().waitFor({ timeout: SHOWN_WITHIN_MS });
    assert.deepEqual(await api('/api/actions/disarm'), { armed: false });
    await page.waitForFunction(switchShows(false), undefined, { timeout: SHOWN_WITHIN_MS });
    await page.close();
  });

  it('shows actions armed when another tab arms them with its switch, and off when it turns them off', async () => {
    const watching = await openDashboard();
    const other = await openDashboard();
    await other.locator('#arm').click();
    await other.waitForFunction(switchShows(true), undefined, { timeout: SHOWN_WITHIN_MS });
    await watching.waitForFunction(switchShows(true), undefined, { timeout: SHOWN_WITHIN_MS });
    await other.locator('#arm').click();
    await other.waitForFunction(switchShows(false), undefined, { timeout: SHOWN_WITHIN_MS });
    await watching.waitForFunction(switchShows(false), undefined, { timeout: SHOWN_WITHIN_MS });
    // Turned from the tab that was watching, the switch works there as before.
    await watching.locator('#arm').click();
    await other.waitForFunction(switchShows(true), undefined, { timeout: SHOWN_WITHIN_MS });
    await watching.locator('#arm').click();
    await other.waitForFunction(switchShows(false), undefined, { timeout: SHOWN_WITHIN_MS });
    await Promise.all([watching.close(), other.close()]);
  });

  it('opens showing actions armed when they already are', async () => {
    await api('/api/actions/arm');
    const page = await browser.newPage();
    await page.goto(dashboard.server.url);
    await page.waitForFunction(switchShows(true), undefined, { timeout: 5000 });
    await api('/api/actions/disarm');
    await page.waitForFunction(switchShows(false), undefined, { timeout: SHOWN_WITHIN_MS });
    await page.close();
  });
});
