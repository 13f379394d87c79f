// The app's hold on adaptive quality through the engine: pin and unpin, live bounds, and a mode
// nobody can encode reported (once) while delta keeps the picture moving.
import {
  type CanvasLike,
  createCanvasCapture,
  createSourceEngine,
  isQualityError,
  type SourceEngineOptions,
} from '@ds-stream/react/core';
import { createCanvas } from '@napi-rs/canvas';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { FrameType } from '../../src/protocol/index';
import { createTransportPair } from '../helpers/transport-pair';

vi.setConfig({ expect: { poll: { timeout: 5000 } } });

const disposers: (() => void)[] = [];
afterEach(() => {
  for (const d of disposers.splice(0)) d();
});

function setup(extra: Partial<SourceEngineOptions>) {
  const [st, rt] = createTransportPair();
  const canvas = createCanvas(16, 16);
  canvas.getContext('2d').fillRect(0, 0, 4, 4);
  const source = createSourceEngine({
    url: 'ws://x',
    channel: 'c',
    transport: st,
    canvas: createCanvasCapture(canvas as unknown as CanvasLike),
    signalState: () => ({ n: 1 }),
    pingIntervalMs: 0,
    ...extra,
  });
  disposers.push(() => source.dispose());
  const types: number[] = [];
  rt.on('message', (b) => types.push(b[0]!));
  rt.connect();
  source.connect();
  return { source, types };
}

describe('quality API of the source engine', () => {
  test('setMode pins, setMode(null) hands the choice back to the controller', () => {
    const { source } = setup({ quality: { mode: 'pixel' } });
    source.setMode('signal');
    expect(source.store.getState()).toMatchObject({ mode: 'signal', quality: { pinned: true } });
    source.setMode(null);
    const s = source.store.getState();
    expect(s.quality.pinned).toBe(false);
    expect(s.mode).toBe(s.quality.level);
  });

  test('setQualityBounds moves the level into the bounds at once', () => {
    const { source } = setup({ quality: { mode: 'pixel' } });
    source.setQualityBounds({ maxMode: 'delta' });
    expect(source.store.getState()).toMatchObject({ mode: 'delta', quality: { level: 'delta' } });
    source.setQualityBounds({ maxMode: 'pixel', minMode: 'delta', modes: ['pixel'] });
    expect(source.store.getState().mode).toBe('pixel');
  });

  test('bounds that leave nothing producible are refused with a QualityError in the store', () => {
    // No image encoder in Node: compressed cannot be produced.
    const { source } = setup({ quality: { mode: 'delta' } });
    source.setQualityBounds({ modes: ['compressed'] });
    const { error, mode } = source.store.getState();
    expect(isQualityError(error)).toBe(true);
    expect(mode).toBe('delta');
    source.setQualityBounds({ maxMode: 'delta', minMode: 'delta' });
    expect(source.store.getState().mode).toBe('delta');
  });

  test('a mode without an encoder streams delta and says so once', async () => {
    const { source, types } = setup({ mode: 'neural' });
    await expect
      .poll(() => source.store.getState().error?.message ?? '')
      .toMatch(/no encoder for mode 'neural'/);
    await expect
      .poll(() => types.filter((t) => t === FrameType.DeltaPixels || t === FrameType.Pixels).length)
      .toBeGreaterThan(2);
  });
});
