import { accessSync, constants, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { projectRoot } from '../../src/config.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The Chromium executable (vitest.config.ts: CHROMIUM_PATH, else Debian's). */
    chromiumPath: string;
  }
}

// The flags keep Chromium off the (closed) network.
const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Chromium through playwright-core; a missing executable fails with one line that says what to do. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = inject('chromiumPath');
  try {
    accessSync(executablePath, constants.X_OK);
  } catch {
    throw new Error(
      `no Chromium executable at ${executablePath}: apt-get install -y chromium fonts-noto-cjk, or set CHROMIUM_PATH to one`,
    );
  }
  return chromium.launch({ executablePath, args: chromiumFlags });
}

/**
 * Lets the page reach only the server under test: any other request (an article image on its
 * publisher's host) is aborted before it leaves the browser, and listed.
 */
export async function keepOnHost(page: Page, host: string): Promise<string[]> {
  const blocked: string[] = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (new URL(url).host === host) return route.continue();
    blocked.push(url);
    return route.abort('blockedbyclient');
  });
  return blocked;
}

/**
 * Screenshots go to test-results/<folder>/<provider>-<name>.png (gitignored; each vitest project has
 * its own); the path is printed for whoever ran the test.
 */
export async function screenshot(page: Page, folder: string, name: string): Promise<string> {
  const directory = join(projectRoot, 'test-results', folder);
  mkdirSync(directory, { recursive: true });
  const path = join(directory, `${inject('provider')}-${name}.png`);
  await page.screenshot({ path, fullPage: true });
  process.stdout.write(`screenshot: ${path}\n`);
  return path;
}
