/** Runs `use` with a lazily loaded module (see `lazyModule`). @internal */
export type Later<M> = (use: (module: M) => void) => void;

/**
 * A module loaded on first use, for the receiver parts only some streams need (haptics, layer
 * reports, composition directories, the voice and BCI codecs): they stay out of the bytes a
 * receiver loads before its first picture. Calls made while it loads run in the order they were
 * made once it is there; after that they run at once, so only the first pays for the load. A
 * throw in `use`, or a failed load, goes to `onError`; a failed load is tried again on the next
 * call. A caller whose `use` reads a message copies it first: a transport may reuse its buffer.
 * @internal
 */
export function lazyModule<M>(load: () => Promise<M>, onError: (e: unknown) => void): Later<M> {
  let loaded: M | null = null;
  let pending: Promise<M> | null = null;
  const run = (use: (module: M) => void, module: M) => {
    try {
      use(module);
    } catch (e) {
      onError(e);
    }
  };
  return (use) => {
    if (loaded) {
      run(use, loaded);
      return;
    }
    if (!pending) pending = load();
    const p = pending;
    p.then(
      (module) => {
        loaded = module;
        run(use, module);
      },
      (e: unknown) => {
        // One report per failed load, however many calls waited on it.
        if (pending !== p) return;
        pending = null;
        onError(e);
      },
    );
  };
}

/** A copy of a message whose bytes outlive the transport's handler. @internal */
export function keptMessage<T extends { payload: Uint8Array }>(message: T): T {
  return { ...message, payload: new Uint8Array(message.payload) };
}
