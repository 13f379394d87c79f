// One e2e environment per spec file: headless Chromium, the Vite page server and a relay, all
// on 127.0.0.1, closed together. Pages are opened with their query, optional wire recording,
// and a record of page errors that the tests assert is empty.
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser';
import { type PageServer, startPageServer, startRelay, type TestRelay } from './server';

/** One WebSocket message seen by a page: direction, type byte, flags byte and size. @internal */
export interface WireMessage {
  dir: 'in' | 'out';
  type: number;
  flags: number;
  bytes: number;
  at: number;
}

/** A page opened by the environment. @internal */
export interface E2ePage {
  page: Page;
  /** WebSocket messages, when opened with `wire: true`. */
  wire: WireMessage[];
  /** Uncaught errors and console errors of the page. */
  errors: string[];
}

/** Options of {@link E2eEnv.open}. @internal */
export interface OpenOptions {
  wire?: boolean;
  /** Script run in the page before its own scripts (stubs such as `navigator.vibrate`). */
  init?: () => void;
  viewport?: { width: number; height: number };
  /** Emulate a touch screen (for `page.touchscreen`). */
  hasTouch?: boolean;
}

/** The running environment. @internal */
export interface E2eEnv {
  browser: Browser;
  server: PageServer;
  relay: TestRelay;
  /** Opens `tests/e2e/pages/<name>.html`, with `relay` set, and waits for `window.e2e`. */
  open(name: string, params: Record<string, string | number>, options?: OpenOptions): Promise<E2ePage>;
  /** Closes every page opened so far (call after each test: a streaming page costs CPU). */
  closePages(): Promise<void>;
  close(): Promise<void>;
}

function toBytes(payload: string | Buffer): Uint8Array {
  return typeof payload === 'string' ? new TextEncoder().encode(payload) : payload;
}

/**
 * Starts Chromium (with `chromiumArgs` added to the usual flags), the page server (pre-bundling
 * `pageDeps` too) and a relay.
 * @internal
 */
export async function startE2e(
  chromiumArgs: readonly string[] = [],
  pageDeps: readonly string[] = [],
): Promise<E2eEnv> {
  let relayUrl = '';
  const [server, relay, browser] = await Promise.all([
    startPageServer(() => relayUrl, pageDeps),
    startRelay(),
    launchChromium(chromiumArgs),
  ]);
  relayUrl = relay.url;
  const opened: Page[] = [];
  return {
    browser,
    server,
    relay,
    async open(name, params, options = {}) {
      const page = await browser.newPage({
        viewport: options.viewport ?? { width: 900, height: 600 },
        hasTouch: options.hasTouch ?? false,
      });
      opened.push(page);
      const wire: WireMessage[] = [];
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(`${name}: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error' && !m.text().includes('favicon'))
          errors.push(`${name} console: ${m.text()}`);
      });
      if (options.wire) {
        page.on('websocket', (ws) => {
          const record = (dir: 'in' | 'out') => (frame: { payload: string | Buffer }) => {
            const b = toBytes(frame.payload);
            wire.push({ dir, type: b[0] ?? -1, flags: b[1] ?? 0, bytes: b.byteLength, at: Date.now() });
          };
          ws.on('framereceived', record('in'));
          ws.on('framesent', record('out'));
        });
      }
      if (options.init) await page.addInitScript(options.init);
      // Generous: the first load of a page transforms its modules with Vite, slow on a busy machine.
      await page.goto(server.page(name, { relay: relay.url, ...params }), { timeout: 90_000 });
      await page.waitForFunction(() => 'e2e' in window, undefined, { timeout: 90_000 });
      return { page, wire, errors };
    },
    async closePages() {
      await Promise.allSettled(opened.splice(0).map((p) => p.close()));
    },
    async close() {
      await Promise.allSettled(opened.splice(0).map((p) => p.close()));
      await Promise.allSettled([browser.close(), server.close(), relay.close()]);
    },
  };
}
