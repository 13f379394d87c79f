/**
 * A minimal typed event emitter. Handlers that throw are isolated so one bad listener
 * cannot stop delivery to the others; the error is reported through `onHandlerError`.
 * @internal
 */
export class Emitter<Events extends { [K in keyof Events]: (...args: never[]) => void }> {
  readonly #handlers = new Map<keyof Events, Set<Events[keyof Events]>>();
  readonly #onHandlerError: (error: unknown) => void;

  constructor(
    onHandlerError: (error: unknown) => void = (e) =>
      queueMicrotask(() => {
        throw e;
      }),
  ) {
    this.#onHandlerError = onHandlerError;
  }

  /** Adds a handler; returns a function that removes it. */
  on<K extends keyof Events>(event: K, handler: Events[K]): () => void {
    let set = this.#handlers.get(event);
    if (!set) {
      set = new Set();
      this.#handlers.set(event, set);
    }
    set.add(handler);
    return () => {
      set.delete(handler);
    };
  }

  /** Calls every handler of `event` with `args`. */
  emit<K extends keyof Events>(event: K, ...args: Parameters<Events[K]>): void {
    const set = this.#handlers.get(event);
    if (!set) return;
    for (const h of [...set]) {
      try {
        (h as (...a: Parameters<Events[K]>) => void)(...args);
      } catch (e) {
        this.#onHandlerError(e);
      }
    }
  }

  /** True when `event` has at least one handler. */
  has(event: keyof Events): boolean {
    return (this.#handlers.get(event)?.size ?? 0) > 0;
  }

  /** Removes every handler. */
  clear(): void {
    this.#handlers.clear();
  }
}
