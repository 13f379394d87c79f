// Item 3 of issue 15, getToken: called before each attempt, so an expired token is renewed on
// reconnect; a failing getToken is reported and retried on the backoff schedule, never in a loop.
import { createReceiverEngine } from '@ds-stream/react/core';
import { createToken } from '@ds-stream/react/relay';
import { describe, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import type { TransportError } from '../../src/transport/errors';
import type { OpenInfo } from '../../src/transport/types';
import { createWebSocketTransport } from '../../src/transport/websocket';
import { connect, startRelay } from '../relay/helpers';
import { onCleanup, proxyTo, SECRET, setUpRelayFixture } from './relay-fixture';

setUpRelayFixture();

describe('getToken', () => {
  test('an expired token is replaced on reconnect: the client comes back with a fresh one', async () => {
    const relay = await startRelay({ tokenSecret: SECRET, logLevel: 'silent' });
    const proxy = await proxyTo(relay.port);
    const tokens: string[] = [];
    // Tokens carry whole seconds: the first one expires 2 to 3 s after it is made (the connection
    // opens long before that, even on a loaded machine), later ones after an hour.
    const getToken = async (): Promise<string> => {
      const life = tokens.length === 0 ? 3000 : 3600_000;
      const token = createToken(SECRET, 'renew', 'receiver', Date.now() + life);
      tokens.push(token);
      return token;
    };
    const t = createWebSocketTransport({
      url: `${proxy.url}/renew?role=receiver`,
      WebSocket,
      getToken,
      reconnect: { initialMs: 20, jitter: 0 },
    });
    onCleanup(() => t.close());
    const opens: OpenInfo[] = [];
    const errors: TransportError[] = [];
    t.on('open', (info) => opens.push(info));
    t.on('error', (e) => errors.push(e));
    t.connect();
    await expect.poll(() => opens.length).toBe(1);
    const first = tokens[0]!;
    const expiresAt = Number(first.split('.')[0]) * 1000;
    await expect.poll(() => Date.now() >= expiresAt, { timeout: 10_000 }).toBe(true);
    // The first token is now refused by the relay: reusing it would end the client with 4401.
    const stale = await connect(relay, 'renew', 'receiver', { token: first });
    expect(await stale.closed).toEqual({ code: 4401, reason: 'token expired' });
    proxy.cut();
    await expect.poll(() => opens.length).toBe(2);
    expect(opens[1]).toEqual({ reconnected: true });
    expect(tokens).toHaveLength(2);
    expect(tokens[1]).not.toBe(first);
    expect(t.state).toBe('open');
    expect(errors).toEqual([]);
  });

  test('a synchronous getToken replaces the token already in the URL', async () => {
    const relay = await startRelay({ tokenSecret: SECRET, logLevel: 'silent' });
    const token = createToken(SECRET, 'sync', 'source', Date.now() + 3600_000);
    let calls = 0;
    const t = createWebSocketTransport({
      url: `${relay.url}/sync?role=source&token=stale.value`,
      WebSocket,
      getToken: () => {
        calls++;
        return token;
      },
    });
    onCleanup(() => t.close());
    const opened = new Promise<void>((r) => t.on('open', () => r()));
    t.connect();
    await opened;
    expect(calls).toBe(1);
    expect(relay.stats().sources).toBe(1);
  });

  test('a rejecting getToken: TOKEN_FAILED, retried on the schedule (one call per attempt), then connected', async () => {
    const relay = await startRelay({ tokenSecret: SECRET, logLevel: 'silent' });
    const proxy = await proxyTo(relay.port);
    let calls = 0;
    const t = createWebSocketTransport({
      url: `${proxy.url}/flaky?role=receiver`,
      WebSocket,
      reconnect: { initialMs: 10, jitter: 0 },
      getToken: async () => {
        calls++;
        if (calls <= 2) throw new Error('token service unavailable');
        return createToken(SECRET, 'flaky', 'receiver', Date.now() + 3600_000);
      },
    });
    onCleanup(() => t.close());
    const errors: TransportError[] = [];
    t.on('error', (e) => errors.push(e));
    t.connect();
    await expect.poll(() => t.state).toBe('open');
    expect(calls).toBe(3);
    expect(proxy.opened()).toBe(1);
    expect(errors.map((e) => e.code)).toEqual(['TOKEN_FAILED', 'TOKEN_FAILED']);
    expect(errors[0]?.message).toContain('token service unavailable');
    expect(errors[0]?.cause).toBeInstanceOf(Error);
  });

  test('a getToken that always throws is called once per scheduled attempt, then gives up', async () => {
    let calls = 0;
    const t = createWebSocketTransport({
      url: 'ws://127.0.0.1:1/c?role=receiver',
      WebSocket,
      reconnect: { initialMs: 5, maxAttempts: 3, jitter: 0 },
      getToken: () => {
        calls++;
        throw new Error('no session');
      },
    });
    onCleanup(() => t.close());
    const errors: TransportError[] = [];
    t.on('error', (e) => errors.push(e));
    t.connect();
    await expect.poll(() => t.state).toBe('closed');
    expect(calls).toBe(4);
    expect(errors.map((e) => e.code)).toEqual([
      'TOKEN_FAILED',
      'TOKEN_FAILED',
      'TOKEN_FAILED',
      'TOKEN_FAILED',
      'RETRIES_EXHAUSTED',
    ]);
  });

  test('a getToken still pending when close() is called never opens a socket', async () => {
    let resolve: (t: string) => void = () => {};
    let sockets = 0;
    class CountingWebSocket extends WebSocket {
      constructor(url: string) {
        super(url);
        sockets++;
      }
    }
    const t = createWebSocketTransport({
      url: 'ws://127.0.0.1:1/c?role=receiver',
      WebSocket: CountingWebSocket,
      getToken: () =>
        new Promise<string>((r) => {
          resolve = r;
        }),
    });
    t.connect();
    expect(t.state).toBe('connecting');
    t.close();
    resolve('late');
    await new Promise((r) => setTimeout(r, 0));
    expect(sockets).toBe(0);
    expect(t.state).toBe('closed');
  });

  test('through the receiver engine: the store shows TOKEN_FAILED while retrying, and clears it once open', async () => {
    const relay = await startRelay({ tokenSecret: SECRET, logLevel: 'silent' });
    let fail = true;
    const engine = createReceiverEngine({
      url: relay.url,
      channel: 'eng',
      WebSocket,
      pingIntervalMs: 0,
      getToken: async () => {
        if (fail) throw new Error('login expired');
        return createToken(SECRET, 'eng', 'receiver', Date.now() + 3600_000);
      },
    });
    onCleanup(() => engine.dispose());
    engine.connect();
    await expect.poll(() => engine.store.getState().error).toMatchObject({ code: 'TOKEN_FAILED' });
    expect(engine.store.getState().connection).not.toBe('open');
    fail = false;
    await expect.poll(() => engine.store.getState().connection, { timeout: 15_000 }).toBe('open');
    expect(engine.store.getState().error).toBeNull();
    expect(relay.stats().receivers).toBe(1);
  });
});
