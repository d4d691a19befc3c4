import { chromium, type Browser, type Page } from 'playwright-core';

import type { FittedFrames } from './fitted-frames.js';
import { handLandmarkerTask } from './hand-landmarker-task.js';
import type { PageApi, PagePass, PageSetup } from './mediapipe-page.js';
import { PAGE_ROUTES, startPageServer, type PageServer } from './mediapipe-page-server.js';
import { descendantsCpuMs } from '../process-tree-cpu.js';

export const CHROMIUM = '/usr/bin/chromium';

/**
 * Headless Chromium as it runs here: nothing fetched from outside, no sandbox (root), and WebGL on SwiftShader,
 * Chromium's CPU implementation of the GPU, since Tasks Vision hands every image to its graph as a WebGL
 * texture even with the CPU delegate. Chromium 156 falls back to SwiftShader by itself when headless; the flags
 * ask for it outright, as builds that no longer fall back need.
 */
const CHROMIUM_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** One pass of MediaPipe over the frames, with the CPU time of all Chromium's processes while it ran. */
export interface MediapipePass extends PagePass {
  cpuMs: number;
}

/** The page's global scope, where mediapipe-page.ts puts its functions (the functions Node evaluates there are sent as source). */
type PageGlobal = typeof globalThis & { mediapipeComparison: PageApi };

/**
 * MediaPipe Tasks Vision's WebAssembly HandLandmarker, in headless Chromium, on the same models (`@mediapipe/hands`'s,
 * bundled as a `.task`) and the same frames as handflow. One browser and one page for all passes.
 */
export class MediapipeInChromium {
  private constructor(
    private readonly server: PageServer,
    private readonly browser: Browser,
    private readonly page: Page,
  ) {}

  static async start(frames: FittedFrames): Promise<MediapipeInChromium> {
    const server = await startPageServer({ task: await handLandmarkerTask('full'), frames: frames.rgba });
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
      const page = await browser.newPage();
      await page.goto(server.url);
      await page.waitForFunction('globalThis.mediapipeComparison !== undefined');
      const origin = new URL(server.url).origin;
      const setup: PageSetup = {
        visionBundleUrl: origin + PAGE_ROUTES.visionBundle,
        wasmFolderUrl: origin + PAGE_ROUTES.wasmFolder,
        taskUrl: origin + PAGE_ROUTES.task,
        framesUrl: origin + PAGE_ROUTES.frames,
        width: frames.width,
        height: frames.height,
        timestampsMs: frames.frames.map((frame) => frame.timestampMs),
      };
      await page.evaluate((given) => (globalThis as PageGlobal).mediapipeComparison.load(given), setup);
      return new MediapipeInChromium(server, browser, page);
    } catch (error) {
      await browser?.close();
      await server.close();
      throw error;
    }
  }

  /** A fresh landmarker allowed `numHands` hands, then the first `limit` frames through it, timed. */
  async pass(numHands: number, limit = Number.POSITIVE_INFINITY): Promise<MediapipePass> {
    await this.page.evaluate((hands) => (globalThis as PageGlobal).mediapipeComparison.prepare(hands), numHands);
    // Chromium and its processes are all this process's descendants, and nothing else is while a pass runs.
    const cpuBefore = descendantsCpuMs();
    const result = await this.page.evaluate((count) => (globalThis as PageGlobal).mediapipeComparison.run(count), limit);
    return { ...result, cpuMs: descendantsCpuMs() - cpuBefore };
  }

  async close(): Promise<void> {
    await this.browser.close();
    await this.server.close();
  }
}
