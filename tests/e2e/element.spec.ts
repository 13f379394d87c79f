// <ds-stream-receiver> in real Chromium on a page with no React and no bundler: the plain
// <script> build registers the element, a source page streams the springs demo through the
// relay, the element paints the same pixels, and input on the element reaches the source.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ElementEventRecord } from './element-pages/element-probe';
import { countDifferentPixels, settledPair } from './helpers/compare';
import { type ElementPageServer, startElementPageServer } from './helpers/element-page';
import { type E2eEnv, startE2e } from './helpers/env';
import { onSource, waitOnSource } from './helpers/page-api';
import { waitUntil } from './helpers/wait';

/** `window.e2e` on the element page (see element-pages/element-probe.ts). */
interface ElementPageApi {
  events: ElementEventRecord[];
  element(id?: string): HTMLElement & { canvas: HTMLCanvasElement | null; engine: unknown };
}

let env: E2eEnv;
let pages: ElementPageServer;
const opened: Page[] = [];
beforeAll(async () => {
  [env, pages] = await Promise.all([startE2e(), startElementPageServer()]);
});
afterEach(async () => {
  await Promise.allSettled(opened.splice(0).map((p) => p.close()));
  await env?.closePages();
});
afterAll(async () => {
  await Promise.allSettled([env?.close(), pages?.close()]);
});

/** Opens the element page; records its requests and errors. */
async function openElement(attributes: Record<string, string>) {
  const page = await env.browser.newPage({ viewport: { width: 900, height: 600 } });
  opened.push(page);
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('request', (req) => requests.push(new URL(req.url()).pathname));
  await page.goto(pages.page({ url: env.relay.url, ...attributes }), { timeout: 90_000 });
  await page.waitForFunction(() => customElements.get('ds-stream-receiver') !== undefined);
  return { page, errors, requests };
}

const onElement = <R>(page: Page, fn: (api: ElementPageApi) => R): Promise<R> =>
  page.evaluate(
    (src) => new Function('api', `return (${src})(api);`)((window as unknown as { e2e: unknown }).e2e),
    fn.toString(),
  ) as Promise<R>;

/** Waits (in the page) until the element has taken in `n` frames, by its ds-stats events. */
async function waitForFrames(page: Page, n: number): Promise<void> {
  await page.waitForFunction(
    (min) =>
      (window as unknown as { e2e: ElementPageApi }).e2e.events.some(
        (e) => e.type === 'ds-stats' && (e.detail as number) >= min,
      ),
    n,
    { timeout: 60_000 },
  );
}

describe('<ds-stream-receiver> on a page without React', () => {
  it('paints the streamed pixels, reports its state in events, and sends pointer and keys back', async () => {
    const el = await openElement({ channel: 'element-pixels', audio: 'off' });
    const source = await env.open('source', {
      channel: 'element-pixels',
      mode: 'delta',
      autopilot: 0,
      fps: 10,
    });
    await waitForFrames(el.page, 10);

    const events = await onElement(el.page, (api) => api.events);
    const states = events.filter((e) => e.type === 'ds-connection').map((e) => e.detail);
    expect(states).toContainEqual({ connection: 'open', sourceOnline: true, mode: 'delta' });
    const attrs = await el.page.$eval('#rx', (e) => [
      e.dataset.dsState,
      e.dataset.dsSource,
      e.dataset.dsMode,
    ]);
    expect(attrs).toEqual(['open', 'online', 'delta']);

    // The canvas sits at the page's top left at 1:1 (600 px in a 900 px viewport): page = source pixels.
    await el.page.mouse.move(120, 90);
    await el.page.mouse.move(150, 110, { steps: 3 });
    await waitOnSource(source.page, (api) => api.app.state().target.x === 150, undefined);
    expect(await onSource(source.page, (api) => api.app.state().target)).toEqual({ x: 150, y: 110 });
    await el.page.focus('#rx');
    await el.page.keyboard.press('ArrowRight');
    await waitOnSource(source.page, (api) => api.inputs.some((ev) => ev.kind === 'keydown'), undefined);
    const keys = await onSource(source.page, (api) =>
      api.inputs.flatMap((ev) => (ev.kind === 'keydown' ? [ev.keyCode] : [])),
    );
    expect(keys).toEqual([39]);

    // Freeze the scene; the element's canvas must then equal the source's byte for byte.
    await onSource(source.page, (api) => api.app.pause());
    const pair = await settledPair(source.page, el.page);
    expect(pair.receiver.width).toBe(600);
    expect(pair.receiver.height).toBe(400);
    expect(countDifferentPixels(pair.source, pair.receiver)).toBe(0);
    expect(pair.matchedHash).toBe(true);

    // Nothing but the page and its two plain scripts was loaded: no React, no module graph.
    expect([...new Set(el.requests)].sort()).toEqual(['/element.html', '/element.js', '/probe.js']);
    expect(await el.page.evaluate(() => 'React' in window)).toBe(false);
    expect([...el.errors, ...source.errors]).toEqual([]);
  });

  it('follows live attributes, reports a bad one, and disconnects when removed', async () => {
    const el = await openElement({ channel: 'element-live', inputs: 'none' });
    const source = await env.open('source', {
      channel: 'element-live',
      mode: 'pixel',
      autopilot: 0,
      fps: 10,
    });
    await waitForFrames(el.page, 3);
    await waitOnSource(source.page, (api) => api.state().receivers === 1, undefined);
    expect(await el.page.$eval('#rx', (e) => e.hasAttribute('tabindex'))).toBe(false);

    // Moves while inputs="none" must never be sent; the same link carries the later ones in
    // order, so once a later move has arrived an earlier one that was sent would have too.
    await el.page.mouse.move(100, 100);
    await el.page.mouse.move(60, 50, { steps: 2 });
    await el.page.$eval('#rx', (e) => e.setAttribute('inputs', 'pointer'));
    await el.page.mouse.move(200, 150, { steps: 2 });
    await waitOnSource(source.page, (api) => api.app.state().target.x === 200, undefined);
    const xs = await onSource(source.page, (api) =>
      api.inputs.flatMap((ev) => (ev.kind === 'pointer' ? [ev.x] : [])),
    );
    expect(xs.every((x) => x > 60)).toBe(true);
    // Pointer only: the element does not take keyboard focus.
    expect(await el.page.$eval('#rx', (e) => e.hasAttribute('tabindex'))).toBe(false);

    await el.page.$eval('#rx', (e) => e.setAttribute('inputs', 'pointer sonar'));
    await waitUntil(
      () => onElement(el.page, (api) => api.events.find((e) => e.type === 'ds-error')?.detail),
      'a ds-error for inputs="pointer sonar"',
    ).then((message) => expect(message).toContain('inputs="pointer sonar"'));

    // Removed: the engine is disposed and the relay drops the receiver; put back: a new connection.
    await el.page.evaluate(() => {
      const w = window as unknown as { kept: HTMLElement };
      w.kept = document.getElementById('rx')!;
      w.kept.remove();
    });
    await waitOnSource(source.page, (api) => api.state().receivers === 0, undefined);
    expect(
      await el.page.evaluate(() => (window as unknown as { kept: { engine: unknown } }).kept.engine),
    ).toBe(null);
    await el.page.evaluate(() => document.body.append((window as unknown as { kept: HTMLElement }).kept));
    await waitOnSource(source.page, (api) => api.state().receivers === 1, undefined);

    // define() is idempotent; another tag name gets its own class.
    const defined = await el.page.evaluate(() => {
      type Define = (name?: string) => CustomElementConstructor | null;
      const lib = (window as unknown as { DsStreamElement: { defineStreamReceiver: Define } })
        .DsStreamElement;
      const again = lib.defineStreamReceiver();
      const other = lib.defineStreamReceiver('other-receiver');
      return {
        same: again === customElements.get('ds-stream-receiver'),
        other: other !== again && other === customElements.get('other-receiver'),
        otherAgain: lib.defineStreamReceiver('other-receiver') === other,
      };
    });
    expect(defined).toEqual({ same: true, other: true, otherAgain: true });
    expect([...el.errors, ...source.errors]).toEqual([]);
  });
});
