import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import type { E2eHooks } from '../src/app/e2eHooks';

export interface Party {
  context: BrowserContext;
  page: Page;
  /** Console errors and page errors seen so far (asserted empty at the end of tests). */
  errors: string[];
}

export function baseUrl(): string {
  const url = process.env['TABMPC_URL'];
  if (!url) throw new Error('TABMPC_URL is not set: run through playwright.config.ts (global setup starts the server)');
  return url;
}

/** A tab in its own browser context (like another browser profile), with ?e2e hooks on. */
export async function openParty(browser: Browser, url: string, beforeLoad?: (page: Page) => Promise<void>): Promise<Party> {
  const context = await browser.newContext();
  // WebRTC lists the loopback candidate only with media permission (limits.md §1.3).
  await context.grantPermissions(['camera', 'microphone'], { origin: new URL(url).origin });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  await beforeLoad?.(page);
  const u = new URL(url);
  u.searchParams.set('e2e', '1');
  // TABMPC_E2E_RELAY=1: every frame through the pages, as before worker channels (for BENCHMARKS.md)
  if (process.env.TABMPC_E2E_RELAY) u.searchParams.set('relay', '1');
  await page.goto(u.toString());
  return { context, page, errors };
}

/** Party 0: open the app (with `query`, e.g. '?stallMs=4000'), create a room of `capacity`, return the invite link. */
export async function createRoom(browser: Browser, capacity: number, beforeLoad?: (page: Page) => Promise<void>, query = ''): Promise<{ creator: Party; link: string }> {
  const creator = await openParty(browser, `${baseUrl()}${query}`, beforeLoad);
  await creator.page.getByTestId(`capacity-${capacity}`).click();
  await creator.page.getByTestId('create-room').click();
  const linkBox = creator.page.getByTestId('room-link');
  await expect(linkBox).toHaveValue(/\?room=[0-9a-f]{32}$/);
  return { creator, link: await linkBox.inputValue() };
}

export async function expectConnected(p: Party, peer: number): Promise<void> {
  await expect(p.page.getByTestId(`party-${peer}-state`)).toHaveText('Connected', { timeout: 20_000 });
  await expect(p.page.getByTestId(`party-${peer}-rtt`)).toHaveText(/^\d+(\.\d+)? ms$/, { timeout: 10_000 });
}

/** Run one of the e2e hooks (src/ui/e2eHooks.ts) in the page. */
export function hook<K extends keyof E2eHooks>(p: Party, name: K, ...args: Parameters<E2eHooks[K]>): Promise<Awaited<ReturnType<E2eHooks[K]>>> {
  return p.page.evaluate(
    ([n, a]) => {
      const hooks = (window as unknown as { __tabmpc?: Record<string, (...x: unknown[]) => unknown> }).__tabmpc;
      if (!hooks) throw new Error('e2e hooks not installed (missing ?e2e?)');
      return hooks[n as string]!(...(a as unknown[]));
    },
    [name, args] as const,
  ) as Promise<Awaited<ReturnType<E2eHooks[K]>>>;
}

export async function waitForHooks(p: Party): Promise<void> {
  await p.page.waitForFunction(() => '__tabmpc' in window);
}
