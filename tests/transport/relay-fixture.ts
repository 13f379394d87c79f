// Shared setup of the transport tests that run a real relay behind a counting TCP proxy.
import { afterEach, vi } from 'vitest';
import { closeAll } from '../relay/helpers';
import { type CountingProxy, startCountingProxy } from './counting-proxy';

/** The token secret of the relays these tests start. */
export const SECRET = 'a-test-secret-of-32-characters!!';

const cleanups: (() => void | Promise<void>)[] = [];

/** Runs `fn` after the current test (latest first), before the relays are closed. */
export function onCleanup(fn: () => void | Promise<void>): void {
  cleanups.push(fn);
}

/** Call once per file: polls get 5 s, and each test's transports, proxies and relays are closed. */
export function setUpRelayFixture(): void {
  vi.setConfig({ expect: { poll: { timeout: 5000 } } });
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
    await closeAll();
  });
}

/** A counting proxy to the relay on `port`, closed after the test. */
export async function proxyTo(port: number): Promise<CountingProxy> {
  const proxy = await startCountingProxy(port);
  onCleanup(() => proxy.close());
  return proxy;
}
