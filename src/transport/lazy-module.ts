/** Runs `use` with a lazily loaded module (see `lazyModule`). @internal */
export type Later<M> = (use: (module: M) => void) => void;

/**
 * A module loaded on first use, for the engine parts only some streams need (a receiver's
 * haptics, layer reports, composition directories and input codec; a source's VoiceInput and
 * BciInput decoders): they stay out of the bytes an engine loads before it streams. Calls made while it loads run in the order they were
 * made once it is there; after that they run at once, so only the first pays for the load. A
 * throw in `use`, or a failed load, goes to `onError`; a failed load is tried again on the next
 * call. A caller whose `use` reads a message copies it first: a transport may reuse its buffer.
 * @internal
 */
export function lazyModule<M>(load: () => Promise<M>, onError: (e: unknown) => void): Later<M> {
  const module = lazyImport(load);
  /** The failed load already reported: one report however many calls waited on it. */
  let reported: Promise<M> | null = null;
  const run = (use: (module: M) => void, m: M) => {
    try {
      use(m);
    } catch (e) {
      onError(e);
    }
  };
  return (use) => {
    const now = module.loaded;
    if (now) {
      run(use, now);
      return;
    }
    const p = module.load();
    p.then(
      (m) => run(use, m),
      (e: unknown) => {
        if (reported === p) return;
        reported = p;
        onError(e);
      },
    );
  };
}

/** One dynamic import, made on first use and kept (see `lazyImport`). @internal */
export interface LazyImport<M> {
  /** The module once it has loaded, `null` before. */
  readonly loaded: M | null;
  /** Loads it (one load for every caller while it is under way); a failed load is tried again. */
  load(): Promise<M>;
}

/**
 * A dynamic import made once: the lazy parts of the engines (`lazyModule`, the source's
 * `lazyEncoder`, the receiver's input capture) share it, so each has one place that loads, keeps
 * the module, and forgets a failed load so that the next use tries again.
 * @internal
 */
export function lazyImport<M>(load: () => Promise<M>): LazyImport<M> {
  let loaded: M | null = null;
  let pending: Promise<M> | null = null;
  return {
    get loaded() {
      return loaded;
    },
    load() {
      pending ??= load().then(
        (m) => {
          loaded = m;
          return m;
        },
        (e: unknown) => {
          pending = null;
          throw e;
        },
      );
      return pending;
    },
  };
}

/** A copy of a message whose bytes outlive the transport's handler. @internal */
export function keptMessage<T extends { payload: Uint8Array }>(message: T): T {
  return { ...message, payload: new Uint8Array(message.payload) };
}
