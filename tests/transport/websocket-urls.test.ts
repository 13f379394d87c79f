// A transport given several relay URLs (a cluster) rotates through them on reconnect.
import { afterEach, describe, expect, test } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { TransportError } from '../../src/transport/errors';
import { createWebSocketTransport } from '../../src/transport/websocket';

const cleanup: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function server(): Promise<{ wss: WebSocketServer; url: string; connections: () => number }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  let n = 0;
  wss.on('connection', () => n++);
  const stop = (): Promise<void> =>
    new Promise<void>((r) => {
      for (const s of wss.clients) s.terminate();
      wss.close(() => r());
    });
  cleanup.push(stop);
  return {
    wss,
    url: `ws://127.0.0.1:${(wss.address() as { port: number }).port}/ch?role=receiver`,
    connections: () => n,
  };
}

describe('WebSocket transport with a list of relay URLs', () => {
  test('moves to the next URL when its relay dies, and back round the list', async () => {
    const [a, b] = await Promise.all([server(), server()]);
    const t = createWebSocketTransport({
      url: a.url,
      urls: [b.url],
      WebSocket,
      reconnect: { initialMs: 10, jitter: 0 },
    });
    cleanup.push(() => t.close());
    const opens: boolean[] = [];
    t.on('open', ({ reconnected }) => opens.push(reconnected));
    t.connect();
    await expect.poll(() => a.connections()).toBe(1);
    // Relay A dies: its sockets drop and nothing listens there any more.
    await new Promise<void>((r) => {
      for (const s of a.wss.clients) s.terminate();
      a.wss.close(() => r());
    });
    await expect.poll(() => b.connections(), { timeout: 5000 }).toBe(1);
    await expect.poll(() => opens).toEqual([false, true]);
    expect(t.state).toBe('open');
  });

  test('refuses a bad URL anywhere in the list', () => {
    expect(() =>
      createWebSocketTransport({ url: 'ws://127.0.0.1:1/c', urls: ['http://x/c'], WebSocket }),
    ).toThrow(TransportError);
  });
});
