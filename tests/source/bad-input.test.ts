// A receiver's input that does not decode is counted and dropped; it never becomes the source's
// error (a hostile receiver must not be able to put a source, and its React onError, in a state).
import { createSourceEngine, encodeInput, encodeMessage, Flag, InputType } from '@ds-stream/react/core';
import { afterEach, expect, test, vi } from 'vitest';
import { createTransportPair } from '../helpers/transport-pair';

vi.setConfig({ expect: { poll: { timeout: 5000 } } });

const disposers: (() => void)[] = [];
afterEach(() => {
  for (const d of disposers.splice(0)) d();
});

const input = (type: number, payload: number[]) =>
  encodeMessage(
    { type, flags: Flag.Input, seq: 0, timestamp: 0, width: 3, height: 0 },
    new Uint8Array(payload),
  );

test('malformed input from a receiver is counted in badInput, not raised as the source error', async () => {
  const [st, rt] = createTransportPair();
  const source = createSourceEngine({
    url: 'ws://x',
    channel: 'c',
    transport: st,
    mode: 'pixel',
    pingIntervalMs: 0,
  });
  disposers.push(() => source.dispose());
  const pointers: number[] = [];
  source.on('pointer', (e) => pointers.push(e.x));
  rt.connect();
  source.connect();
  await expect.poll(() => st.state).toBe('open');
  rt.send(input(InputType.Pointer, [1, 2, 3])); // 3 bytes, Pointer needs 5
  rt.send(input(InputType.Ack, [0])); // 1 byte, Ack needs 12
  rt.send(input(0x7a, [])); // unknown input type
  rt.send(encodeInput({ kind: 'pointer', x: 9, y: 4, buttons: 0 }));
  await expect.poll(() => source.store.getState().badInput).toBe(3);
  expect(pointers).toEqual([9]);
  expect(source.store.getState().error).toBeNull();
});

test('an app input handler that throws is still the source error', async () => {
  const [st, rt] = createTransportPair();
  const source = createSourceEngine({
    url: 'ws://x',
    channel: 'c',
    transport: st,
    mode: 'pixel',
    pingIntervalMs: 0,
  });
  disposers.push(() => source.dispose());
  source.on('pointer', () => {
    throw new Error('app bug');
  });
  rt.connect();
  source.connect();
  await expect.poll(() => st.state).toBe('open');
  rt.send(encodeInput({ kind: 'pointer', x: 1, y: 1, buttons: 0 }));
  await expect.poll(() => source.store.getState().error?.message).toBe('app bug');
  expect(source.store.getState().badInput).toBe(0);
});
