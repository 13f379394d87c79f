// Half-open links (#7): a peer that stops answering Pings without closing the socket. Both engines
// count unanswered Pings and, after maxMissedPongs, drop the connection and reconnect.
import { createReceiverEngine, createSourceEngine } from '@ds-stream/react/core';
import { afterEach, expect, test, vi } from 'vitest';
import { WebSocket, WebSocketServer, type WebSocket as WsSocket } from 'ws';
import { decodeMessage, encodePong, FrameType } from '../../src/protocol/index';

vi.setConfig({ expect: { poll: { timeout: 5000 } } });

const cleanup: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

/** A relay stand-in that answers Pings while `answering`, then goes silent but keeps the socket. */
async function pongServer() {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const state = { answering: true, connections: 0 };
  wss.on('connection', (s: WsSocket) => {
    state.connections++;
    s.on('message', (data: Buffer) => {
      const m = decodeMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      if (state.answering && m.header.type === FrameType.Ping) s.send(encodePong(m));
    });
  });
  cleanup.push(
    () =>
      new Promise<void>((r) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => r());
      }),
  );
  const { port } = wss.address() as { port: number };
  return { url: `ws://127.0.0.1:${port}`, state };
}

test.each(['receiver', 'source'] as const)(
  '%s: three Pings without a Pong count as a lost connection and start the reconnect',
  async (role) => {
    const { url, state } = await pongServer();
    const o = { url, channel: 'c', WebSocket, pingIntervalMs: 40 };
    const engine = role === 'receiver' ? createReceiverEngine(o) : createSourceEngine(o);
    cleanup.push(() => engine.dispose());
    engine.connect();
    await expect.poll(() => engine.store.getState().stats.rttMs).not.toBeNull();
    // Answered Pings keep the one connection.
    await new Promise((r) => setTimeout(r, 300));
    expect(state.connections).toBe(1);
    state.answering = false;
    await expect
      .poll(() => (engine.store.getState().error as { code?: string } | null)?.code)
      .toBe('NO_PONG');
    await expect.poll(() => state.connections).toBeGreaterThanOrEqual(2);
    state.answering = true;
    await expect.poll(() => engine.store.getState().connection).toBe('open');
  },
);
