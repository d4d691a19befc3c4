import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { chromium, type Browser } from 'playwright-core';

import { repoRoot } from '../../testing/shared-data.js';
import { startDashboardUnderTest, type DashboardUnderTest } from '../testing/dashboard-page.js';

const CHROMIUM = '/usr/bin/chromium';

/** The answers a browser gets: the dashboard, one of its files, the API docs, the API, a refusal, nothing found. */
function pagesOf(base: string): string[] {
  const script = readdirSync(join(repoRoot, 'web', 'dist', 'assets')).find((name) => name.endsWith('.js'))!;
  return ['/', `/assets/${script}`, '/api/docs', '/api/docs/json', '/api/health', '/api/actions', '/api/nothing-here'].map((path) => `${base}${path}`);
}

describe('the answers browsers get', () => {
  let dashboard: DashboardUnderTest;
  before(async () => {
    dashboard = await startDashboardUnderTest('handflow-guards-');
  });
  after(async () => dashboard?.close());

  it('tells browsers on every answer that no other site may frame it', async () => {
    const base = dashboard.server.url.replace(/\/$/, '');
    for (const url of pagesOf(base)) {
      const response = await fetch(url);
      assert.equal(response.headers.get('x-frame-options'), 'DENY', url);
      assert.equal(response.headers.get('content-security-policy'), "frame-ancestors 'none'", url);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff', url);
    }
  });

  it('lets no cache keep the page, which is opened at an address holding the token', async () => {
    const response = await fetch(dashboard.server.url);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
  });
});

describe('another site framing the dashboard (clickjacking)', { skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium; .ci/run does)` }, () => {
  let dashboard: DashboardUnderTest;
  let evilSite: Server;
  let evilOrigin: string;
  let browser: Browser;

  before(async () => {
    dashboard = await startDashboardUnderTest('handflow-framing-');
    // The other site: a page that lays the dashboard, nearly invisible, over a button of its own.
    evilSite = createServer((request, response) => {
      response.setHeader('content-type', 'text/html');
      // Another trick: ask for a double-click, and put the dashboard in the page's place on the first click's press.
      if (request.url === '/double-click') {
        response.end(`<!doctype html><button style="position:absolute;left:0;top:0;width:100%;height:100%" onmousedown="location = '${dashboard.server.url}'">Double-click to play</button>`);
        return;
      }
      response.end(`<!doctype html><button id="decoy" style="position:absolute;left:0;top:0;width:100%;height:100%">Play the video</button>
<iframe id="framed" src="${dashboard.server.url}" style="position:absolute;left:0;top:0;width:100%;height:100%;opacity:0.01;border:0"></iframe>`);
    });
    await new Promise<void>((resolve) => evilSite.listen(0, '127.0.0.3', resolve));
    const address = evilSite.address() as { port: number };
    evilOrigin = `http://127.0.0.3:${address.port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM });
  });
  after(async () => {
    await browser?.close();
    evilSite?.close();
    await dashboard?.close();
  });

  /** Where the arm switch's middle is when the dashboard fills the window: the spot another site's decoy would cover. */
  async function armSwitchSpot(): Promise<{ x: number; y: number }> {
    const own = await browser.newPage();
    await own.goto(dashboard.server.url);
    const box = await own.locator('#arm').boundingBox();
    await own.close();
    assert.ok(box !== null);
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  }

  it("shows nothing of the dashboard in the other site's frame, so a click there cannot arm the actions", async () => {
    const { x, y } = await armSwitchSpot();
    const page = await browser.newPage();
    try {
      await page.goto(evilOrigin);
      await page.waitForTimeout(1500);
      const framed = page.frames().find((frame) => frame !== page.mainFrame());
      assert.ok(framed !== undefined, 'the frame is there');
      // Chromium puts an error page in place of a page that refuses to be framed.
      assert.notEqual(framed.url(), dashboard.server.url);
      assert.equal(await framed.evaluate('document.querySelector("#arm") !== null').catch(() => false), false);
      await page.mouse.click(x, y);
      const actions = (await (await fetch(`${dashboard.server.url.replace(/\/$/, '')}/api/actions`)).json()) as { armed: boolean };
      assert.equal(actions.armed, false);
    } finally {
      await page.close();
    }
  });

  it('ignores the second click of a double-click whose first put the dashboard in place of the other site: the switch is not armed', async () => {
    const { x, y } = await armSwitchSpot();
    const base = dashboard.server.url.replace(/\/$/, '');
    const armed = async (): Promise<boolean> => ((await (await fetch(`${base}/api/actions`)).json()) as { armed: boolean }).armed;
    const switchShows = (on: boolean): string => `document.querySelector('#arm').getAttribute('aria-checked') === '${on}'`;
    const page = await browser.newPage();
    /** A click on the switch at once is not taken; one after the page has been there a moment arms the actions. */
    const heldThenTaken = async (when: string): Promise<void> => {
      await page.mouse.click(x, y);
      await page.waitForTimeout(300);
      assert.equal(await armed(), false, `armed by a click made just as ${when}`);
      await page.waitForTimeout(1000);
      await page.mouse.click(x, y);
      await page.waitForFunction(switchShows(true), undefined, { timeout: 5000 });
      assert.equal(await armed(), true);
    };
    try {
      await page.goto(`${evilOrigin}/double-click`);
      await page.mouse.click(x, y);
      // The second click as soon as the dashboard is on the screen (the browser passes no click to a page before).
      await page.waitForURL(dashboard.server.url, { waitUntil: 'domcontentloaded' });
      await page.locator('#arm').waitFor();
      await page.evaluate('new Promise((painted) => requestAnimationFrame(() => requestAnimationFrame(painted)))');
      await heldThenTaken('the page appeared');
      // Nor just after the window gets the focus back, as when a popup the other site opened over it closes (headless
      // Chromium tells no page of focus changes: the window is told as the browser would tell it).
      await fetch(`${base}/api/actions/disarm`, { method: 'POST' });
      await page.waitForFunction(switchShows(false), undefined, { timeout: 5000 });
      await page.waitForTimeout(1200);
      await page.evaluate("window.dispatchEvent(new Event('focus'))");
      await heldThenTaken('the window got the focus');
      // Turning actions off is never held back, however soon after the page appears.
      await page.reload({ waitUntil: 'domcontentloaded' });
      await page.locator('#arm[aria-checked="true"]').waitFor({ timeout: 5000 });
      await page.mouse.click(x, y);
      await page.waitForFunction(switchShows(false), undefined, { timeout: 5000 });
      assert.equal(await armed(), false);
    } finally {
      await page.close();
    }
  });

  it('ignores a key held down from the other site onto the dashboard opened at #arm: the switch is not armed', async () => {
    const base = dashboard.server.url.replace(/\/$/, '');
    const armed = async (): Promise<boolean> => ((await (await fetch(`${base}/api/actions`)).json()) as { armed: boolean }).armed;
    const page = await browser.newPage();
    try {
      await page.goto(`${evilOrigin}/double-click`);
      // "Hold the space bar until the bar fills": the key goes down there, its repeats and its release come here.
      await page.keyboard.down('Space');
      await page.goto(`${dashboard.server.url}#arm`, { waitUntil: 'domcontentloaded' });
      await page.evaluate('new Promise((painted) => requestAnimationFrame(() => requestAnimationFrame(painted)))');
      await page.keyboard.down('Space');
      await page.waitForTimeout(1200);
      await page.keyboard.down('Space');
      await page.keyboard.up('Space');
      await page.waitForTimeout(300);
      assert.equal(await armed(), false, 'armed by a key pressed on the other site');
      // A key pressed here, once the page has settled, is the person's.
      await page.locator('#arm').focus();
      await page.keyboard.press('Space');
      await page.waitForFunction(`document.querySelector('#arm').getAttribute('aria-checked') === 'true'`, undefined, { timeout: 5000 });
      await fetch(`${base}/api/actions/disarm`, { method: 'POST' });
    } finally {
      await page.close();
    }
  });
});

describe("another site's page loading from the server by itself (images, scripts: no Origin sent)", { skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium; .ci/run does)` }, () => {
  let dashboard: DashboardUnderTest;
  let otherSite: Server;
  let otherOrigin: string;
  let browser: Browser;

  before(async () => {
    dashboard = await startDashboardUnderTest('handflow-fetch-site-');
    const url = dashboard.server.url;
    otherSite = createServer((_request, response) => {
      response.setHeader('content-type', 'text/html');
      response.end(`<!doctype html><img src="${url}api/actions"><img src="${url}api/cameras"><script src="${url}api/sessions"></script>
<a id="link" href="${url}">the dashboard</a>`);
    });
    // Another port of this very machine: a same-site page, which browsers also send without an Origin.
    await new Promise<void>((resolve) => otherSite.listen(0, '127.0.0.1', resolve));
    otherOrigin = `http://127.0.0.1:${(otherSite.address() as { port: number }).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM });
  });
  after(async () => {
    await browser?.close();
    otherSite?.close();
    await dashboard?.close();
  });

  it('refuses what the page loads, and still opens the dashboard when a link there is followed', async () => {
    const page = await browser.newPage();
    // The statuses the server sent, seen at the server: the browser blocks JSON loaded as an image before its page sees it.
    const answered = new Map<string, number>();
    dashboard.server.app.server.on('request', (request: IncomingMessage, response: ServerResponse) => response.on('finish', () => answered.set(request.url!, response.statusCode)));
    try {
      await page.goto(otherOrigin);
      await page.waitForLoadState('networkidle');
      assert.deepEqual(
        ['/api/actions', '/api/cameras', '/api/sessions'].map((path) => [path, answered.get(path)]),
        [['/api/actions', 403], ['/api/cameras', 403], ['/api/sessions', 403]],
      );
      await Promise.all([page.waitForURL(dashboard.server.url), page.click('#link')]);
      assert.equal(answered.get('/'), 200);
      await page.locator('#arm').waitFor();
    } finally {
      await page.close();
    }
  });
});
