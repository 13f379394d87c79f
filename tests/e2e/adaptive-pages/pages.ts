// Node side of the adaptive pages: open them in the e2e environment's browser and talk to them.
import type {
  ReceiverEngine,
  ReceiverState,
  SourceEngine,
  SourceState,
  StreamMode,
} from '@ds-stream/react/core';
import type { Page } from 'playwright-core';
import type { SpringsApp } from '../../../stories/springs/springs-app';
import type { E2eEnv, WireMessage } from '../helpers/env';

/** `window.e2e` of adaptive-pages/source.html. @internal */
export interface AdaptiveSourceApi {
  app: SpringsApp;
  engine: SourceEngine;
  levels: { at: number; level: StreamMode; fps: number; reason: string }[];
  hash(): string;
  pixels(): { width: number; height: number; base64: string };
  state(): SourceState;
  /** Sets the tone's gain (0: pure digital silence); no-op without audio. */
  setVolume(v: number): void;
  /** Captures so far, and how many ran in the same frame as the app's latest paint. */
  alignment(): { captures: number; inFrame: number };
}

/** `window.e2e` of adaptive-pages/receiver.html. @internal */
export interface AdaptiveReceiverApi {
  engine: ReceiverEngine;
  /** Decodes audio messages (base64) with the media layer; RMS and zero-crossing pitch of the result. */
  analyseAudio(messages: string[]): Promise<{ rms: number; hz: number; seconds: number; errors: string[] }>;
  hash(): string;
  pixels(): { width: number; height: number; base64: string };
  state(): ReceiverState;
  /** Layer and reason of each LayerReport the relay sent this receiver, oldest first. */
  layerReports(): { layer: string | null; reason: string }[];
}

/** An opened adaptive page. @internal */
export interface AdaptivePage {
  page: Page;
  wire: WireMessage[];
  /** Whole incoming audio messages (AudioPcm, AudioCompressed), when opened with `wire: true`. */
  audio: Uint8Array[];
  errors: string[];
}

function toBytes(payload: string | Buffer): Uint8Array {
  return typeof payload === 'string' ? new TextEncoder().encode(payload) : payload;
}

const opened: Page[] = [];

/** Closes every adaptive page opened so far (streaming pages cost CPU: call after each test). @internal */
export async function closeAdaptivePages(): Promise<void> {
  await Promise.allSettled(opened.splice(0).map((p) => p.close()));
}

/** Opens `tests/e2e/adaptive-pages/<name>.html` with the query, recording errors (and the wire on request). @internal */
export async function openAdaptive(
  env: E2eEnv,
  name: 'source' | 'receiver',
  params: Record<string, string | number>,
  options: { wire?: boolean } = {},
): Promise<AdaptivePage> {
  const page = await env.browser.newPage({ viewport: { width: 900, height: 600 } });
  opened.push(page);
  const wire: WireMessage[] = [];
  const audio: Uint8Array[] = [];
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`${name}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${name} console: ${m.text()}`);
  });
  if (options.wire) {
    page.on('websocket', (ws) => {
      const record = (dir: 'in' | 'out') => (frame: { payload: string | Buffer }) => {
        const b = toBytes(frame.payload);
        wire.push({ dir, type: b[0] ?? -1, flags: b[1] ?? 0, bytes: b.byteLength, at: Date.now() });
        if (dir === 'in' && (b[0] === 0x10 || b[0] === 0x11) && !(b[1]! & 1)) audio.push(new Uint8Array(b));
      };
      ws.on('framereceived', record('in'));
      ws.on('framesent', record('out'));
    });
  }
  const query = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
  // Generous: the first load transforms the sources with Vite, slow on a busy machine.
  await page.goto(`${env.server.origin}/tests/e2e/adaptive-pages/${name}.html?${query}`, { timeout: 90_000 });
  await page.waitForFunction(() => 'e2e' in window, undefined, { timeout: 90_000 });
  return { page, wire, audio, errors };
}

/** Runs `fn` in the page against its `window.e2e` (sent as source text: no closures). @internal */
export function inPage<Api, R, A = undefined>(
  page: Page,
  fn: (api: Api, arg: A) => R,
  arg?: A,
): Promise<Awaited<R>> {
  return page.evaluate(
    ([src, a]) =>
      new Function('api', 'arg', `return (${src})(api, arg);`)(
        (window as unknown as { e2e: unknown }).e2e,
        a,
      ),
    [fn.toString(), arg] as const,
  ) as Promise<Awaited<R>>;
}

/** Waits until `fn(window.e2e, arg)` is truthy. @internal */
export async function waitInPage<Api, A>(
  page: Page,
  fn: (api: Api, arg: A) => unknown,
  arg: A,
  timeout = 30_000,
): Promise<void> {
  await page.waitForFunction(
    ([src, a]) =>
      new Function('api', 'arg', `return (${src})(api, arg);`)(
        (window as unknown as { e2e: unknown }).e2e,
        a,
      ),
    [fn.toString(), arg] as const,
    { timeout, polling: 50 },
  );
}

/** Reads a page's canvas. @internal */
export async function readCanvas(page: Page): Promise<{ width: number; height: number; rgba: Uint8Array }> {
  const p = await inPage(page, (api: AdaptiveReceiverApi) => api.pixels());
  return { width: p.width, height: p.height, rgba: new Uint8Array(Buffer.from(p.base64, 'base64')) };
}

/** PSNR of RGB between two same-size pictures, dB (Infinity when equal; -Infinity when sizes differ). @internal */
export function psnr(a: { width: number; height: number; rgba: Uint8Array }, b: typeof a): number {
  if (a.width !== b.width || a.height !== b.height || a.rgba.length === 0) return Number.NEGATIVE_INFINITY;
  let se = 0;
  let n = 0;
  for (let i = 0; i < a.rgba.length; i += 4) {
    for (let c = 0; c < 3; c++) {
      const d = a.rgba[i + c]! - b.rgba[i + c]!;
      se += d * d;
      n++;
    }
  }
  return se === 0 ? Number.POSITIVE_INFINITY : 10 * Math.log10((255 * 255) / (se / n));
}
