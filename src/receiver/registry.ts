import type { FrameRenderer, FrameRendererFactory, RendererContext } from './types';

/** First wait before a renderer whose load failed is tried again; doubles per failure up to 60 s. */
const RETRY_MS = 5000;
const MAX_RETRY_MS = 60_000;

/** Retry timing of failed lazy renderers (tests shorten it). @internal */
export interface RegistryRetry {
  /** @defaultValue 5000 */
  retryMs?: number;
  /** @defaultValue `performance.now` */
  now?: () => number;
}

/**
 * Frame type → renderer. One instance per factory (types that share a factory share state,
 * e.g. Pixels and DeltaPixels); factories may be async so a model decoder loads on first use.
 * @internal
 */
export class RendererRegistry {
  readonly #factories: Map<number, FrameRendererFactory>;
  readonly #instances = new Map<FrameRendererFactory, FrameRenderer | Promise<FrameRenderer>>();
  readonly #ctx: RendererContext;
  /** Lazy renderers whose load failed: not tried again before `retryAt` (one failure, one report). */
  readonly #failed = new Map<FrameRendererFactory, { retryAt: number; delay: number }>();
  readonly #retryMs: number;
  readonly #now: () => number;

  constructor(
    factories: Readonly<Record<number, FrameRendererFactory | undefined>>,
    ctx: RendererContext,
    retry: RegistryRetry = {},
  ) {
    this.#factories = new Map();
    for (const [k, f] of Object.entries(factories)) if (f) this.#factories.set(Number(k), f);
    this.#ctx = ctx;
    this.#retryMs = retry.retryMs ?? RETRY_MS;
    this.#now = retry.now ?? (() => performance.now());
  }

  /** True when some renderer handles `type`. */
  has(type: number): boolean {
    return this.#factories.has(type);
  }

  /**
   * The renderer for `type` (a promise while a lazy one loads), `null` when none, or `'failed'`
   * while a lazy one that failed to load waits for its retry.
   */
  get(type: number): FrameRenderer | Promise<FrameRenderer> | 'failed' | null {
    const factory = this.#factories.get(type);
    if (!factory) return null;
    let inst = this.#instances.get(factory);
    if (!inst) {
      const failed = this.#failed.get(factory);
      if (failed && this.#now() < failed.retryAt) return 'failed';
      const made = factory(this.#ctx);
      inst = made;
      if (made instanceof Promise) {
        void made.then(
          (r) => {
            this.#failed.delete(factory);
            if (this.#instances.get(factory) === made) this.#instances.set(factory, r);
          },
          () => {
            if (this.#instances.get(factory) === made) this.#instances.delete(factory);
            const delay = failed ? Math.min(MAX_RETRY_MS, failed.delay * 2) : this.#retryMs;
            this.#failed.set(factory, { retryAt: this.#now() + delay, delay });
          },
        );
      }
      this.#instances.set(factory, inst);
    }
    return inst;
  }

  /** Resets every loaded renderer except `keep`. */
  resetOthers(keep: FrameRenderer | null): void {
    for (const r of this.#instances.values()) if (!(r instanceof Promise) && r !== keep) r.reset();
  }

  /** Resets every loaded renderer. */
  resetAll(): void {
    this.resetOthers(null);
  }

  dispose(): void {
    for (const r of this.#instances.values()) if (!(r instanceof Promise)) r.dispose?.();
    this.#instances.clear();
  }
}
