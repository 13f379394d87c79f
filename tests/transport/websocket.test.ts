import { createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { WebSocket, WebSocketServer, type WebSocket as WsSocket } from 'ws';
import { isTransportError, type TransportError } from '../../src/transport/errors';
import type { TransportState } from '../../src/transport/state';
import type { Transport } from '../../src/transport/types';
import { channelUrl } from '../../src/transport/url';
import { createWebSocketTransport } from '../../src/transport/websocket';

// The machine is shared and slow at times: give polled conditions time, never a timing assertion.
vi.setConfig({ expect: { poll: { timeout: 5000 } } });

const cleanup: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function server(port = 0): Promise<{ wss: WebSocketServer; url: string; sockets: WsSocket[] }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const sockets: WsSocket[] = [];
  wss.on('connection', (s) => sockets.push(s));
  const addr = wss.address() as { port: number };
  cleanup.push(
    () =>
      new Promise<void>((r) => {
        for (const s of wss.clients) s.terminate();
        wss.close(() => r());
      }),
  );
  return { wss, url: `ws://127.0.0.1:${addr.port}/ch?role=receiver`, sockets };
}

function track(t: Transport): TransportState[] {
  const states: TransportState[] = [];
  t.on('state', (s) => states.push(s));
  cleanup.push(() => t.close());
  return states;
}

const until = (t: Transport, s: TransportState) =>
  new Promise<void>((resolve) => {
    if (t.state === s) resolve();
    const off = t.on('state', (n) => {
      if (n === s) {
        off();
        resolve();
      }
    });
  });

describe('channelUrl', () => {
  test.each([
    ['ws://h:1', 'demo', 'source', undefined, 'ws://h:1/demo?role=source'],
    ['ws://h:1/', 'a b', 'receiver', 't&k', 'ws://h:1/a%20b?role=receiver&token=t%26k'],
  ] as const)('%s + %s', (url, ch, role, token, expected) => {
    expect(channelUrl(url, ch, role, token)).toBe(expected);
  });
});

describe('WebSocket transport', () => {
  test('rejects a non-ws URL with BAD_URL', () => {
    let err: unknown;
    try {
      createWebSocketTransport({ url: 'http://x', WebSocket });
    } catch (e) {
      err = e;
    }
    expect(isTransportError(err, 'BAD_URL')).toBe(true);
  });

  test('opens, carries binary both ways, and reports text frames as TEXT_FRAME', async () => {
    const { wss, url } = await server();
    wss.on('connection', (s) => s.on('message', (d: Buffer) => s.send(Buffer.concat([d, Buffer.from([9])]))));
    const t = createWebSocketTransport({ url, WebSocket });
    const states = track(t);
    const got: Uint8Array[] = [];
    const errors: TransportError[] = [];
    t.on('message', (m) => got.push(m));
    t.on('error', (e) => errors.push(e));
    t.connect();
    await until(t, 'open');
    expect(t.send(new Uint8Array([1, 2, 3]))).toBe('sent');
    await expect.poll(() => got.length).toBe(1);
    expect([...got[0]!]).toEqual([1, 2, 3, 9]);
    for (const s of wss.clients) s.send('hello');
    await expect.poll(() => errors.length).toBe(1);
    expect(errors[0]!.code).toBe('TEXT_FRAME');
    expect(states).toEqual(['connecting', 'open']);
  });

  test('drops droppable sends past the high-water mark but never reliable ones', async () => {
    const { url } = await server();
    const t = createWebSocketTransport({ url, WebSocket, highWaterMark: 1000 });
    track(t);
    t.connect();
    await until(t, 'open');
    expect(t.send(new Uint8Array(4 * 1024 * 1024), { droppable: true })).toBe('sent');
    // The 4 MiB write is still in the socket's buffer within this tick.
    expect(t.bufferedAmount).toBeGreaterThan(1000);
    expect(t.send(new Uint8Array(100), { droppable: true })).toBe('dropped');
    expect(t.send(new Uint8Array(100))).toBe('sent');
  });

  test('a server that accepts TCP but never answers the handshake: CONNECT_TIMEOUT, then retries (#7)', async () => {
    const conns: Socket[] = [];
    const tcp = createServer((c) => conns.push(c));
    await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', () => r()));
    cleanup.push(
      () =>
        new Promise<void>((r) => {
          for (const c of conns) c.destroy();
          tcp.close(() => r());
        }),
    );
    const { port } = tcp.address() as { port: number };
    const t = createWebSocketTransport({
      url: `ws://127.0.0.1:${port}/ch?role=receiver`,
      WebSocket,
      connectTimeoutMs: 100,
      reconnect: { initialMs: 10, jitter: 0 },
    });
    const states = track(t);
    const errors: TransportError[] = [];
    t.on('error', (e) => errors.push(e));
    t.connect();
    await expect.poll(() => conns.length).toBeGreaterThanOrEqual(2);
    expect(errors[0]?.code).toBe('CONNECT_TIMEOUT');
    expect(states.slice(0, 3)).toEqual(['connecting', 'reconnecting', 'connecting']);
  });

  test('reconnects after the server drops it, then reports reconnected', async () => {
    const { url, sockets } = await server();
    const t = createWebSocketTransport({ url, WebSocket, reconnect: { initialMs: 10, jitter: 0 } });
    const states = track(t);
    const opens: boolean[] = [];
    t.on('open', (i) => opens.push(i.reconnected));
    t.connect();
    await until(t, 'open');
    sockets[0]!.close(1001, 'going away');
    await until(t, 'reconnecting');
    await until(t, 'open');
    expect(opens).toEqual([false, true]);
    expect(states).toEqual(['connecting', 'open', 'reconnecting', 'connecting', 'open']);
  });

  test('resumes the same URL after the server restarts on the same port', async () => {
    const first = await server();
    const port = Number(new URL(first.url).port);
    const t = createWebSocketTransport({
      url: first.url,
      WebSocket,
      reconnect: { initialMs: 20, maxMs: 50 },
    });
    track(t);
    t.connect();
    await until(t, 'open');
    await cleanup.shift()!();
    await until(t, 'reconnecting');
    const second = await server(port);
    await until(t, 'open');
    expect(second.sockets.length).toBe(1);
    expect(second.sockets[0]).toBeDefined();
  });

  test('gives up with RETRIES_EXHAUSTED and ends closed', async () => {
    const { url } = await server();
    await cleanup.shift()!(); // nothing listens there now
    const t = createWebSocketTransport({ url, WebSocket, reconnect: { initialMs: 5, maxAttempts: 2 } });
    const states = track(t);
    const errors: TransportError[] = [];
    t.on('error', (e) => errors.push(e));
    t.connect();
    await until(t, 'closed');
    expect(errors.map((e) => e.code)).toEqual(['RETRIES_EXHAUSTED']);
    expect(states).toEqual([
      'connecting',
      'reconnecting',
      'connecting',
      'reconnecting',
      'connecting',
      'closed',
    ]);
  });

  test('without reconnect a lost connection ends closed with CLOSED_BY_PEER', async () => {
    const { url, sockets } = await server();
    const t = createWebSocketTransport({ url, WebSocket, reconnect: false });
    track(t);
    const errors: TransportError[] = [];
    t.on('error', (e) => errors.push(e));
    t.connect();
    await until(t, 'open');
    sockets[0]!.close(4000, 'bye');
    await until(t, 'closed');
    expect(errors[0]!.code).toBe('CLOSED_BY_PEER');
    expect(errors[0]!.closeCode).toBe(4000);
  });

  test('close() is final and idempotent; connect() afterwards throws DISPOSED', async () => {
    const { url, sockets } = await server();
    const t = createWebSocketTransport({ url, WebSocket });
    const states = track(t);
    t.connect();
    await until(t, 'open');
    t.close();
    t.close();
    expect(states).toEqual(['connecting', 'open', 'closing', 'closed']);
    expect(t.send(new Uint8Array(1))).toBe('not-open');
    expect(() => t.connect()).toThrow(/DISPOSED/);
    await expect.poll(() => sockets[0]!.readyState).toBe(WebSocket.CLOSED);
  });

  test('close() while connecting or reconnecting stops every retry', async () => {
    const { url } = await server();
    await cleanup.shift()!();
    const t = createWebSocketTransport({ url, WebSocket, reconnect: { initialMs: 5 } });
    const states = track(t);
    t.connect();
    await until(t, 'reconnecting');
    t.close();
    const n = states.length;
    await new Promise((r) => setTimeout(r, 50));
    expect(states.length).toBe(n);
    expect(t.state).toBe('closed');
  });
});
