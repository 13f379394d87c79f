// Shared setup for the React tests: a real relay on 127.0.0.1:0 with a counting TCP proxy in front,
// so a test sees every connection the components open (StrictMode must open exactly one).
import net from 'node:net';
import { createRelay, type RelayOptions } from '@ds-stream/react/relay';
import { cleanup, waitFor } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

export interface TestRelay {
  /** ws:// URL of the proxy in front of the relay: what components connect to. */
  url: string;
  /** TCP connections accepted so far (never decreases). */
  opened(): number;
  /** TCP connections currently open through the proxy. */
  live(): number;
  /** Sources and receivers the relay itself holds (its `stats()`, as /healthz reports them). */
  peers(): { sources: number; receivers: number };
  /** Destroys every connection through the proxy without a close handshake (a dropped network). */
  cut(): void;
  close(): Promise<void>;
}

export async function startRelay(options: RelayOptions = {}): Promise<TestRelay> {
  const relay = createRelay({ port: 0, host: '127.0.0.1', logLevel: 'silent', ...options });
  await relay.listen();
  let opened = 0;
  const sockets = new Set<net.Socket>();
  const clients = new Set<net.Socket>();
  const proxy = net.createServer((client) => {
    opened++;
    clients.add(client);
    const upstream = net.connect(relay.port, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', () => {
      sockets.delete(client);
      clients.delete(client);
      end();
    });
    upstream.on('close', () => {
      sockets.delete(upstream);
      end();
    });
    client.on('error', end);
    upstream.on('error', end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as net.AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    opened: () => opened,
    live: () => clients.size,
    peers: () => {
      const { sources, receivers } = relay.stats();
      return { sources, receivers };
    },
    cut() {
      for (const s of sockets) s.destroy();
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      await relay.close();
    },
  };
}

let channelSeq = 0;
/** A channel name no other test uses. */
export const freshChannel = (prefix = 'react'): string => `${prefix}-${process.pid}-${++channelSeq}`;

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Counts WebSockets the page constructs, by wrapping the real constructor (not a mock: each one
 * still connects). A socket created and closed at once may never reach the relay, so this is the
 * strict check that StrictMode's double mount opens one connection, not two.
 */
export function countWebSockets(): { count(): number; restore(): void } {
  const Real = globalThis.WebSocket;
  let n = 0;
  class CountingWebSocket extends Real {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      n++;
    }
  }
  globalThis.WebSocket = CountingWebSocket;
  return {
    count: () => n,
    restore: () => {
      globalThis.WebSocket = Real;
    },
  };
}

/**
 * One relay for the calling test file: started before its tests, closed after them. After each
 * test the rendered trees are unmounted and every connection through the proxy must have closed.
 * The returned object reads the relay lazily, so use it inside tests and hooks.
 */
export function relayPerFile(options: RelayOptions = {}): TestRelay {
  let relay: TestRelay | undefined;
  const get = (): TestRelay => {
    if (!relay) throw new Error('the test relay starts in beforeAll: use it inside a test');
    return relay;
  };
  beforeAll(async () => {
    relay = await startRelay(options);
  });
  afterEach(async () => {
    cleanup();
    await waitFor(() => expect(get().live()).toBe(0));
  });
  afterAll(async () => {
    await relay?.close();
  });
  return {
    get url() {
      return get().url;
    },
    opened: () => get().opened(),
    live: () => get().live(),
    peers: () => get().peers(),
    cut: () => get().cut(),
    close: () => get().close(),
  };
}
