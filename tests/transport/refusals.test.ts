// Item 3 of issue 15: a refused client must stop (4400/4401/4403/1008), while 4409 and 4429 keep
// retrying because they can succeed later. Real relay, real ws sockets, a counting TCP proxy.
import { createReceiverEngine, createSourceEngine } from '@ds-stream/react/core';
import type { RelayOptions } from '@ds-stream/react/relay';
import { describe, expect, test } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { isTransportError, type TransportError } from '../../src/transport/errors';
import type { TransportState } from '../../src/transport/state';
import { channelUrl } from '../../src/transport/url';
import { createWebSocketTransport } from '../../src/transport/websocket';
import { connect, startRelay } from '../relay/helpers';
import { onCleanup, proxyTo, SECRET, setUpRelayFixture } from './relay-fixture';

setUpRelayFixture();

/** How many refusals the relay counted for `reason`, read from its Prometheus text. */
async function refused(relay: { metrics(): Promise<string> }, reason: string): Promise<number> {
  const line = (await relay.metrics())
    .split('\n')
    .find((l) => l.startsWith(`ds_relay_refused_total{reason="${reason}"}`));
  return line ? Number(line.split(' ').pop()) : 0;
}

// Long enough for many retries at the schedule under test (10 ms, no jitter): 50x the first delay.
const QUIET_MS = 500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('permanent refusals stop', () => {
  test('a bad token: exactly one attempt, state error, REFUSED with code 4401 and the reason', async () => {
    const relay = await startRelay({ tokenSecret: SECRET, logLevel: 'silent' });
    const proxy = await proxyTo(relay.port);
    const engine = createReceiverEngine({
      url: proxy.url,
      channel: 'locked',
      token: 'not-a-token',
      WebSocket,
      pingIntervalMs: 0,
    });
    onCleanup(() => engine.dispose());
    engine.connect();
    await expect.poll(() => engine.store.getState().connection).toBe('error');
    // Wait well past the default schedule's first retries (125-250 ms, then 250-500 ms): none comes.
    await sleep(1500);
    expect(proxy.opened()).toBe(1);
    expect(await refused(relay, 'UNAUTHORIZED')).toBe(1);
    const { error, connection } = engine.store.getState();
    expect(connection).toBe('error');
    expect(isTransportError(error, 'REFUSED')).toBe(true);
    expect(error).toMatchObject({ closeCode: 4401, closeReason: 'malformed token' });
    expect(error?.message).toContain('4401');
    expect(error?.message).not.toContain('not-a-token');
  });

  test('a source with a receiver token is refused once, not retried', async () => {
    const relay = await startRelay({ tokenSecret: SECRET, logLevel: 'silent' });
    const proxy = await proxyTo(relay.port);
    const { createToken } = await import('@ds-stream/react/relay');
    const token = createToken(SECRET, 'wrong-role', 'receiver', Date.now() + 3600_000);
    const source = createSourceEngine({
      url: proxy.url,
      channel: 'wrong-role',
      token,
      mode: 'signal',
      signalState: () => ({}),
      capture: 'manual',
      WebSocket,
      pingIntervalMs: 0,
    });
    onCleanup(() => source.dispose());
    source.connect();
    await expect.poll(() => source.store.getState().connection).toBe('error');
    await sleep(1500);
    expect(proxy.opened()).toBe(1);
    expect(source.store.getState().error).toMatchObject({ code: 'REFUSED', closeCode: 4401 });
  });

  test.each([1008, 4400, 4403])('close code %i ends the transport after one attempt', async (code) => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((r) => wss.once('listening', () => r()));
    let attempts = 0;
    wss.on('connection', (s) => {
      attempts++;
      s.close(code, 'go away');
    });
    onCleanup(() => new Promise<void>((r) => wss.close(() => r())));
    const { port } = wss.address() as { port: number };
    const t = createWebSocketTransport({
      url: channelUrl(`ws://127.0.0.1:${port}`, 'c', 'receiver', 'tok'),
      WebSocket,
      reconnect: { initialMs: 10, jitter: 0 },
    });
    onCleanup(() => t.close());
    const states: TransportState[] = [];
    const errors: TransportError[] = [];
    t.on('state', (s) => states.push(s));
    t.on('error', (e) => errors.push(e));
    t.connect();
    await expect.poll(() => t.state).toBe('closed');
    await sleep(QUIET_MS);
    expect(attempts).toBe(1);
    // The server completes the upgrade, then refuses (as the relay does, so a browser reads the code).
    expect(states).toEqual(['connecting', 'open', 'closed']);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'REFUSED', closeCode: code, closeReason: 'go away' });
  });

  test('a permanent close of an OPEN connection (1008, an input flooder) does not reconnect either', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((r) => wss.once('listening', () => r()));
    let attempts = 0;
    wss.on('connection', (s) => {
      attempts++;
      s.on('message', () => s.close(1008, 'input budget exceeded'));
    });
    onCleanup(() => new Promise<void>((r) => wss.close(() => r())));
    const { port } = wss.address() as { port: number };
    const t = createWebSocketTransport({
      url: `ws://127.0.0.1:${port}/c?role=receiver`,
      WebSocket,
      reconnect: { initialMs: 10, jitter: 0 },
    });
    onCleanup(() => t.close());
    const errors: TransportError[] = [];
    t.on('error', (e) => errors.push(e));
    t.on('open', () => t.send(new Uint8Array(16)));
    t.connect();
    await expect.poll(() => t.state).toBe('closed');
    await sleep(QUIET_MS);
    expect(attempts).toBe(1);
    expect(errors.map((e) => [e.code, e.closeCode])).toEqual([['REFUSED', 1008]]);
  });
});

/**
 * A refusal that may pass later (4429, 4409): while `role` is taken on `channel`, the transport
 * keeps retrying on the schedule; once the first peer leaves, it is admitted.
 */
async function retriedUntilFree(options: RelayOptions, channel: string, role: 'source' | 'receiver') {
  const relay = await startRelay({ ...options, logLevel: 'silent' });
  const first = await connect(relay, channel, role);
  const proxy = await proxyTo(relay.port);
  const t = createWebSocketTransport({
    url: `${proxy.url}/${channel}?role=${role}`,
    WebSocket,
    reconnect: { initialMs: 20, maxMs: 50, jitter: 0 },
  });
  onCleanup(() => t.close());
  t.connect();
  await expect.poll(() => proxy.opened()).toBeGreaterThanOrEqual(2);
  // Still trying (each refused attempt opens for a moment before the close, so any live state).
  expect(t.state).not.toBe('closed');
  first.ws.close();
  await expect.poll(() => t.state).toBe('open');
  const code = role === 'receiver' ? 'LIMIT_REACHED' : 'SOURCE_EXISTS';
  expect(await refused(relay, code)).toBeGreaterThanOrEqual(1);
}

describe('refusals that may pass later keep retrying', () => {
  test('4429 (receiver limit): retried on the schedule, admitted once a place is free', () =>
    retriedUntilFree({ maxReceiversPerChannel: 1 }, 'full', 'receiver'));

  test('4429 refusals back off: an upgrade refused at once is a failed attempt, not a fresh start', async () => {
    const relay = await startRelay({ maxReceiversPerChannel: 1, logLevel: 'silent' });
    await connect(relay, 'full2', 'receiver');
    const proxy = await proxyTo(relay.port);
    // Each refusal opens first; if opening restarted the schedule, maxAttempts would never run out.
    const t = createWebSocketTransport({
      url: `${proxy.url}/full2?role=receiver`,
      WebSocket,
      reconnect: { initialMs: 10, maxAttempts: 3, jitter: 0 },
    });
    onCleanup(() => t.close());
    const errors: TransportError[] = [];
    t.on('error', (e) => errors.push(e));
    t.connect();
    await expect.poll(() => t.state).toBe('closed');
    expect(proxy.opened()).toBe(4);
    expect(errors.map((e) => e.code)).toEqual(['RETRIES_EXHAUSTED']);
    expect(errors[0]?.message).toContain('4429');
  });

  test('4409 (source exists): retried, and a source once the first has left', () =>
    retriedUntilFree({}, 'taken', 'source'));
});
