import { createReceiverEngine, createSourceEngine } from '@ds-stream/react/core';
import { expect, test } from 'vitest';

test('engines can be created, read and disposed where there is no DOM (SSR), without connecting', () => {
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
});

test('connecting with no WebSocket implementation ends in error with NO_WEBSOCKET, not a crash', () => {
  const receiver = createReceiverEngine({ url: 'ws://127.0.0.1:1', channel: 'c' });
  receiver.connect();
  const s = receiver.store.getState();
  expect(s.connection).toBe('error');
  expect(s.error).toMatchObject({ name: 'TransportError', code: 'NO_WEBSOCKET' });
  receiver.dispose();
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
