// @vitest-environment jsdom

import type { RenderSurface } from '@ds-stream/react/core';
import { createReceiverEngine } from '@ds-stream/react/core';
import { afterEach, expect, test, vi } from 'vitest';
import { encodePixels } from '../../src/codec/pixels';
import { decodeInput, decodeMessage, Flag, type InputEvent } from '../../src/protocol/index';
import { createTransportPair } from '../helpers/transport-pair';

// The machine is shared and slow at times: give polled conditions time, never a timing assertion.
vi.setConfig({ expect: { poll: { timeout: 5000 } } });

const disposers: (() => void)[] = [];
afterEach(() => {
  for (const d of disposers.splice(0)) d();
});

test('the engine scales pointer input to the size of the frames it shows, once per animation frame', async () => {
  const [src, rt] = createTransportPair();
  const receiver = createReceiverEngine({
    url: 'ws://x',
    channel: 'c',
    transport: rt,
    pingIntervalMs: 0,
    acks: false,
  });
  disposers.push(() => receiver.dispose());
  const el = document.createElement('div');
  el.getBoundingClientRect = () => ({ left: 0, top: 0, width: 200, height: 100 }) as DOMRect;
  document.body.append(el);
  disposers.push(() => el.remove());
  const surface: RenderSurface = { width: 0, height: 0, resize() {}, putPixels() {}, context2d: () => null };
  receiver.attach(el, surface);
  const got: InputEvent[] = [];
  src.on('message', (b) => {
    const m = decodeMessage(b);
    if (m.header.flags & Flag.Input && m.header.type !== 0xfe) got.push(decodeInput(m));
  });
  src.connect();
  receiver.connect();
  await expect.poll(() => src.state === 'open' && rt.state === 'open').toBe(true);
  src.send(encodePixels(new Uint8Array(800 * 400 * 4), 800, 400, { seq: 1, timestamp: 0 }));
  await expect.poll(() => receiver.store.getState().width).toBe(800);
  for (let i = 1; i <= 5; i++)
    el.dispatchEvent(new MouseEvent('pointermove', { clientX: i * 20, clientY: i * 10 }));
  await expect
    .poll(() => got.filter((e) => e.kind === 'pointer'))
    .toEqual([{ kind: 'pointer', x: 400, y: 200, buttons: 0 }]);
  expect(got.find((e) => e.kind === 'resize')).toEqual({ kind: 'resize', width: 200, height: 100 });
  receiver.detach();
  el.dispatchEvent(new MouseEvent('pointerdown', { clientX: 1, clientY: 1 }));
  await new Promise((r) => setTimeout(r, 40));
  expect(got.some((e) => e.kind === 'pointerdown')).toBe(false);
});
