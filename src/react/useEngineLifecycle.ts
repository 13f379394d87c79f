import * as React from 'react';
import { useLatest } from './useLatest';

interface Disposable {
  connect(): void;
  dispose(): void;
}

interface Held<E> {
  engine: E;
  key: readonly unknown[];
  releasing: boolean;
  disposed: boolean;
}

const sameKey = (a: readonly unknown[], b: readonly unknown[]): boolean =>
  a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

/**
 * Creates an engine in an effect, connects it, and disposes it when the component unmounts
 * or `key` (url, channel, token, transport, and an optional extra string) changes; returns `null` until then and on the server.
 *
 * StrictMode runs effects mount, unmount, mount in one synchronous pass. Disposal is therefore
 * deferred by a microtask and cancelled when the same key mounts again, so a StrictMode mount
 * creates ONE engine and opens ONE connection instead of opening and tearing down a socket.
 * @internal
 */
export function useEngineLifecycle<E extends Disposable>(
  create: () => E,
  key: readonly [url: string, channel: string, token: string | undefined, transport: unknown, extra?: string],
): E | null {
  const [engine, setEngine] = React.useState<E | null>(null);
  const held = React.useRef<Held<E> | null>(null);
  const createLatest = useLatest(create);
  const [url, channel, token, transport, extra] = key;

  React.useEffect(() => {
    const current: readonly unknown[] = [url, channel, token, transport, extra];
    let h = held.current;
    if (h && !h.disposed && h.releasing && sameKey(h.key, current)) {
      h.releasing = false; // StrictMode remount: keep the live engine
    } else {
      if (h && !h.disposed) {
        h.disposed = true;
        h.engine.dispose();
      }
      h = { engine: createLatest.current(), key: current, releasing: false, disposed: false };
      held.current = h;
      h.engine.connect();
    }
    const mine = h;
    setEngine(mine.engine);
    return () => {
      mine.releasing = true;
      queueMicrotask(() => {
        if (!mine.releasing || mine.disposed) return;
        mine.disposed = true;
        mine.engine.dispose();
        if (held.current === mine) held.current = null;
        setEngine((cur) => (cur === mine.engine ? null : cur));
      });
    };
  }, [url, channel, token, transport, extra, createLatest]);

  return engine;
}
