// Engines where there is no DOM (SSR). Node 22 has a global WebSocket and Node 20 has none
// (package.json says node >= 20): each test sets the global it is about, so the file holds on both.
import { createReceiverEngine, createSourceEngine } from '@ds-stream/react/core';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { WebSocket } from 'ws';

afterEach(() => {
  vi.unstubAllGlobals();
});

/** A real WebSocket class (ws's) as the global, counting every construction. */
function countingGlobalWebSocket(): () => number {
  let constructed = 0;
  class CountingWebSocket extends WebSocket {
    constructor(url: string) {
      super(url);
      constructed++;
    }
  }
  vi.stubGlobal('WebSocket', CountingWebSocket);
  return () => constructed;
}

function noGlobalWebSocket(): () => number {
  vi.stubGlobal('WebSocket', undefined);
  return () => 0;
}

describe.each([
  ['without a global WebSocket (Node 20)', noGlobalWebSocket],
  ['with a global WebSocket (Node 22, browsers)', countingGlobalWebSocket],
])('%s', (_name, setGlobal) => {
  test('engines can be created, read and disposed where there is no DOM, without connecting', () => {
    const count = setGlobal();
    expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
    const source = createSourceEngine({ url: 'ws://127.0.0.1:1', channel: 'c', mode: 'signal' });
    const receiver = createReceiverEngine({ url: 'ws://127.0.0.1:1', channel: 'c' });
    expect(source.store.getState()).toMatchObject({
      connection: 'idle',
      mode: 'signal',
      error: null,
      receivers: 0,
    });
    expect(receiver.store.getState()).toMatchObject({
      connection: 'idle',
      mode: null,
      signal: null,
      sourceOnline: false,
    });
    expect(source.store.getInitialState().stats.lastSeq).toBe(-1);
    source.dispose();
    receiver.dispose();
    source.dispose();
    receiver.dispose();
    expect(source.store.getState().connection).toBe('closed');
    expect(receiver.store.getState().connection).toBe('closed');
    expect(count()).toBe(0);
  });
});

test('connecting with no WebSocket implementation ends in error with NO_WEBSOCKET, not a crash', () => {
  noGlobalWebSocket();
  const receiver = createReceiverEngine({ url: 'ws://127.0.0.1:1', channel: 'c' });
  receiver.connect();
  const s = receiver.store.getState();
  expect(s.connection).toBe('error');
  expect(s.error).toMatchObject({ name: 'TransportError', code: 'NO_WEBSOCKET' });
  receiver.dispose();
});

test('connecting with a global WebSocket uses it (the path Node 22 takes without options.WebSocket)', () => {
  const count = countingGlobalWebSocket();
  const receiver = createReceiverEngine({ url: 'ws://127.0.0.1:1', channel: 'c', pingIntervalMs: 0 });
  receiver.connect();
  expect(count()).toBe(1);
  expect(receiver.store.getState().connection).toBe('connecting');
  receiver.dispose();
  expect(receiver.store.getState().connection).toBe('closed');
});

test('an engine given a transport that another engine already closed reports DISPOSED instead of hanging idle', async () => {
  const { createTransportPair } = await import('../helpers/transport-pair');
  const [t] = createTransportPair();
  const first = createReceiverEngine({ url: 'ws://x', channel: 'c', transport: t });
  first.connect();
  first.dispose();
  const second = createReceiverEngine({ url: 'ws://x', channel: 'c', transport: t });
  second.connect();
  expect(second.store.getState()).toMatchObject({ connection: 'error', error: { code: 'DISPOSED' } });
  second.dispose();
});
