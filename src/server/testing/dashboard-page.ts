import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { repoRoot } from '../../testing/shared-data.js';
import { startServer, type RunningServer } from '../start-server.js';
import { testServerOptions } from './test-server.js';

/** Where the dashboard's end-to-end tests save their screenshots (gitignored). */
export const DASHBOARD_ARTIFACTS = join(repoRoot, 'test-artifacts');

/** A dashboard served on 127.0.0.1 (no token) by the test server, with a scratch folder for the browser's profile and files. */
export interface DashboardUnderTest {
  readonly server: RunningServer;
  readonly scratch: string;
  close(): Promise<void>;
}

/** Starts the real server on a free port of 127.0.0.1 and makes the screenshots' folder. */
export async function startDashboardUnderTest(scratchPrefix: string): Promise<DashboardUnderTest> {
  const scratch = mkdtempSync(join(tmpdir(), scratchPrefix));
  const options = await testServerOptions();
  const server = await startServer({ ...options, host: '127.0.0.1', port: 0, configFolder: options.scratch });
  mkdirSync(DASHBOARD_ARTIFACTS, { recursive: true });
  return {
    server,
    scratch,
    close: async () => {
      await server.app.close();
      options.removeScratch();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/*
 * Checks run inside the dashboard's page, as expression strings: the page has the DOM, this program does not,
 * and every browser driver (Playwright, Puppeteer) evaluates and waits on a string the same way.
 */

/** The element's text. */
export const textOfElement = (selector: string): string => `document.querySelector(${JSON.stringify(selector)})?.textContent`;

/** True when the element's text is `text`. */
export const elementTextIs = (selector: string, text: string): string => `${textOfElement(selector)} === ${JSON.stringify(text)}`;

/** True once the Performance panel shows frames per second above zero. */
export const FPS_SHOWN_ABOVE_ZERO = `Number(${textOfElement('#fps')}) > 0`;

/** Pixels of the overlay canvas with anything drawn on them, and its size. */
export const OVERLAY_PAINT = `(() => {
  const canvas = document.querySelector('#overlay');
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted += 1;
  return { painted, width: canvas.width, height: canvas.height };
})()`;
