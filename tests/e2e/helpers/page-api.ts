// Typed access to the `window.e2e` objects the pages expose, for `page.evaluate` callbacks.
import type {
  InputEvent,
  ReceiverEngine,
  ReceiverState,
  SourceEngine,
  SourceState,
} from '@ds-stream/react/core';
import type { Page } from 'playwright-core';
import type { SpringsApp } from '../../../stories/springs/springs-app';
import type { AudioProbe } from '../pages/audio-probe';
import type { PaintRecord } from '../pages/probe';

/** `window.e2e` on source.html. @internal */
export interface SourcePageApi {
  app: SpringsApp;
  engine: SourceEngine;
  inputs: InputEvent[];
  paints: PaintRecord[];
  /** When the engine read a picture or signal state, with its marker (bench pages only). */
  captures: PaintRecord[];
  tone: { context: AudioContext; stop(): void } | null;
  hash(): string;
  pixels(): { width: number; height: number; base64: string };
  state(): SourceState;
}

/** `window.e2e` on receiver.html. @internal */
export interface ReceiverPageApi {
  engine: ReceiverEngine;
  paints: PaintRecord[];
  audio: AudioProbe;
  joinedAt: number;
  /** When a paint first showed the picture whose hash was passed as `expect`. */
  matchedAt(): number | null;
  hash(): string;
  pixels(): { width: number; height: number; base64: string };
  state(): ReceiverState;
}

/**
 * Runs `fn` in the page with its `window.e2e` object. `fn` is sent as source text (as
 * `page.evaluate` does), so it may use its arguments but nothing from the test's scope.
 * @internal
 */
function inPage<Api>() {
  return <R, A = undefined>(page: Page, fn: (api: Api, arg: A) => R, arg?: A): Promise<Awaited<R>> =>
    page.evaluate(
      ([src, a]) => {
        const run = new Function('api', 'arg', `return (${src})(api, arg);`);
        return run((window as unknown as { e2e: unknown }).e2e, a);
      },
      [fn.toString(), arg] as const,
    ) as Promise<Awaited<R>>;
}

/** Runs a callback against source.html's `window.e2e`. @internal */
export const onSource: <R, A = undefined>(
  page: Page,
  fn: (api: SourcePageApi, arg: A) => R,
  arg?: A,
) => Promise<Awaited<R>> = inPage<SourcePageApi>();
/** Runs a callback against receiver.html's `window.e2e`. @internal */
export const onReceiver: <R, A = undefined>(
  page: Page,
  fn: (api: ReceiverPageApi, arg: A) => R,
  arg?: A,
) => Promise<Awaited<R>> = inPage<ReceiverPageApi>();

function waitIn<Api>() {
  return async <A>(
    page: Page,
    fn: (api: Api, arg: A) => unknown,
    arg: A,
    timeout = 30_000,
  ): Promise<void> => {
    await page.waitForFunction(
      ([src, a]) =>
        new Function('api', 'arg', `return (${src})(api, arg);`)(
          (window as unknown as { e2e: unknown }).e2e,
          a,
        ),
      [fn.toString(), arg] as const,
      { timeout },
    );
  };
}

/** Waits until `fn(window.e2e, arg)` is truthy in a receiver page. @internal */
export const waitOnReceiver: <A>(
  page: Page,
  fn: (api: ReceiverPageApi, arg: A) => unknown,
  arg: A,
  timeout?: number,
) => Promise<void> = waitIn<ReceiverPageApi>();
/** Waits until `fn(window.e2e, arg)` is truthy in a source page. @internal */
export const waitOnSource: <A>(
  page: Page,
  fn: (api: SourcePageApi, arg: A) => unknown,
  arg: A,
  timeout?: number,
) => Promise<void> = waitIn<SourcePageApi>();
