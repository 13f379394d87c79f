import type { FrameRenderer, FrameRendererFactory, RendererContext } from './types';

/**
 * Frame type → renderer. One instance per factory (types that share a factory share state,
 * e.g. Pixels and DeltaPixels); factories may be async so a model decoder loads on first use.
 * @internal
 */
export class RendererRegistry {
  readonly #factories: Map<number, FrameRendererFactory>;
  readonly #instances = new Map<FrameRendererFactory, FrameRenderer | Promise<FrameRenderer>>();
  readonly #ctx: RendererContext;

  constructor(factories: Readonly<Record<number, FrameRendererFactory | undefined>>, ctx: RendererContext) {
    this.#factories = new Map();
    for (const [k, f] of Object.entries(factories)) if (f) this.#factories.set(Number(k), f);
    this.#ctx = ctx;
  }

  /** True when some renderer handles `type`. */
  has(type: number): boolean {
    return this.#factories.has(type);
  }

  /** The renderer for `type` (a promise while a lazy one loads), or `null` when none. */
  get(type: number): FrameRenderer | Promise<FrameRenderer> | null {
    const factory = this.#factories.get(type);
    if (!factory) return null;
    let inst = this.#instances.get(factory);
    if (!inst) {
      const made = factory(this.#ctx);
      inst = made;
      if (made instanceof Promise) {
        void made.then(
          (r) => this.#instances.set(factory, r),
          () => this.#instances.delete(factory),
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
