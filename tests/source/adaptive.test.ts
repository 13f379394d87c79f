import { type CanvasLike, createCanvasCapture, createSourceEngine } from '@ds-stream/react/core';
import { createCanvas } from '@napi-rs/canvas';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { decodeMessage, encodeInput, encodeStreamStatus, FrameType } from '../../src/protocol/index';
import { createQualityController } from '../../src/quality/index';
import { createTransportPair } from '../helpers/transport-pair';

// The machine is shared and slow at times: give polled conditions time, never a timing assertion.
vi.setConfig({ expect: { poll: { timeout: 5000 } } });

const disposers: (() => void)[] = [];
afterEach(() => {
  for (const d of disposers.splice(0)) d();
});

function setup(quality: Parameters<typeof createSourceEngine>[0]['quality']) {
  const [st, rt] = createTransportPair();
  const canvas = createCanvas(40, 30);
  canvas.getContext('2d').fillRect(0, 0, 10, 10);
  const source = createSourceEngine({
    url: 'ws://x',
    channel: 'c',
    transport: st,
    canvas: createCanvasCapture(canvas as unknown as CanvasLike),
    fps: 60,
    pingIntervalMs: 0,
    ...(quality ? { quality } : {}),
  });
  disposers.push(() => source.dispose());
  rt.connect();
  source.connect();
  return { st, rt, source };
}

describe('SourceEngine with a quality controller', () => {
  test('a receiver that cannot keep up (deep queue in its ACKs) moves the source down the ladder', async () => {
    const { rt, source } = setup({
      mode: 'pixel',
      thresholds: { downDwellMs: 100, minChangeIntervalMs: 100 },
    });
    expect(source.store.getState()).toMatchObject({
      mode: 'pixel',
      quality: { level: 'pixel', pinned: false },
    });
    // ACK every frame like a slow receiver would: decoded, but 10 frames waiting to be drawn.
    rt.on('message', (b) => {
      const m = decodeMessage(b);
      if (m.header.type === FrameType.Pixels || m.header.type === FrameType.DeltaPixels) {
        const ack = {
          kind: 'ack',
          ackSeq: m.header.seq,
          echoTimestamp: m.header.timestamp,
          decodeMicros: 500,
          queueDepth: 10,
        } as const;
        rt.send(encodeInput(ack));
      }
    });
    await expect.poll(() => source.store.getState().mode, { timeout: 8000 }).not.toBe('pixel');
    const { quality, mode } = source.store.getState();
    expect(quality.level).toBe(mode);
    expect(quality.reason).not.toBe('');
    // Whatever rung it chose, frames keep flowing (compressed has no encoder here, so it sends delta).
    const count = source.store.getState().stats.framesSent;
    await expect
      .poll(() => source.store.getState().stats.framesSent, { timeout: 3000 })
      .toBeGreaterThan(count);
  });

  test('when the relay reports no receivers left, the controller forgets their links (#4)', async () => {
    const qc = createQualityController({ mode: 'pixel', fps: 30 });
    const { rt } = setup(qc);
    let acking = true;
    rt.on('message', (b) => {
      const m = decodeMessage(b);
      if (!acking || (m.header.type !== FrameType.Pixels && m.header.type !== FrameType.DeltaPixels)) return;
      const ack = {
        kind: 'ack',
        ackSeq: m.header.seq,
        echoTimestamp: m.header.timestamp,
        decodeMicros: 500,
        queueDepth: 0,
      } as const;
      rt.send(encodeInput(ack));
    });
    await expect.poll(() => qc.state.links.size).toBe(1);
    acking = false;
    rt.send(encodeStreamStatus('online', { seq: 0, timestamp: 0 }, 0));
    await expect.poll(() => qc.state.links.size).toBe(0);
    expect(qc.state.congestedSince).toBeNull();
  });

  test('setMode pins the controller; setFps goes through it', () => {
    const qc = createQualityController({ mode: 'delta', fps: 30 });
    const { source } = setup(qc);
    source.setMode('signal');
    expect(source.store.getState()).toMatchObject({
      mode: 'signal',
      quality: { level: 'signal', pinned: true },
    });
    source.setFps(12);
    expect(source.store.getState().quality.fps).toBe(12);
  });

  test('without a controller the quality state just mirrors the app settings', () => {
    const { source } = setup(undefined);
    source.setMode('pixel');
    source.setFps(20);
    expect(source.store.getState().quality).toMatchObject({ level: 'pixel', fps: 20, pinned: true });
  });
});
