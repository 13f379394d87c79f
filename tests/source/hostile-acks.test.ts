// Over a real relay, with a layered source: a receiver sending made-up ACKs is refused and
// counted and moves nobody (the honest receiver keeps its layer and the layer its fps), and a
// receiver that leaves is off its layer the moment its leave reaches the source.
import {
  type CanvasLike,
  createCanvasCapture,
  createCanvasSurface,
  createReceiverEngine,
  createSourceEngine,
  decodeMessage,
  encodeInput,
  FrameType,
} from '@ds-stream/react/core';
import { createRelay, type Relay } from '@ds-stream/react/relay';
import { createCanvas } from '@napi-rs/canvas';
import { afterEach, expect, test, vi } from 'vitest';
import { WebSocket } from 'ws';

vi.setConfig({ expect: { poll: { timeout: 15_000 } } });

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

const PICTURES = new Set<number>([FrameType.Pixels, FrameType.DeltaPixels, FrameType.CompressedPixels]);

/** A raw receiver socket that answers every picture frame with `acks(seq, timestamp)`. */
function rawReceiver(relay: Relay, acks: (seq: number, ts: number) => Uint8Array[]) {
  const ws = new WebSocket(`${relay.url}/h?role=receiver`);
  cleanup.push(() => ws.terminate());
  const state = { sent: 0 };
  ws.on('message', (data: Buffer) => {
    const { header } = decodeMessage(new Uint8Array(data));
    if (!PICTURES.has(header.type)) return;
    for (const m of acks(header.seq, header.timestamp)) {
      ws.send(m);
      state.sent++;
    }
  });
  const open = new Promise<void>((resolve) => ws.once('open', () => resolve()));
  return { ws, state, open };
}

const ackOf = (ackSeq: number, echoTimestamp: number, queueDepth: number) =>
  encodeInput({ kind: 'ack', ackSeq, echoTimestamp, decodeMicros: 200, queueDepth });

/** One sample of the relay's /metrics (`name{labels}`), 0 when absent. */
async function metric(relay: Relay, series: string): Promise<number> {
  const text = await (await fetch(`${relay.url.replace(/^ws/, 'http')}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

test('hostile ACKs are refused and counted, nobody moves; a leaver is off its layer at once', {
  timeout: 90_000,
}, async () => {
  const relay = createRelay({ port: 0, host: '127.0.0.1' });
  await relay.listen();
  cleanup.push(() => relay.close());
  const canvas = createCanvas(64, 48);
  const ctx = canvas.getContext('2d');
  let t = 0;
  const timer = setInterval(() => {
    t++;
    ctx.fillStyle = `rgb(${(t * 40) % 256}, 90, 30)`;
    ctx.fillRect(t % 64, t % 48, 8, 8);
  }, 50);
  cleanup.push(() => clearInterval(timer));
  const source = createSourceEngine({
    url: relay.url,
    channel: 'h',
    WebSocket,
    canvas: createCanvasCapture(canvas as unknown as CanvasLike),
    fps: 10,
    pingIntervalMs: 200,
    // Adaptive, lossless only (delta or pixel): a single layer everyone shares, so a hostile
    // receiver on it would move the honest one's fps if its ACKs counted.
    quality: { modes: ['delta', 'pixel'] },
  });
  cleanup.push(() => source.dispose());
  const idAt = new Map<number, number>();
  source.on('pointerdown', (e, { receiverId }) => idAt.set(e.x, receiverId));
  source.connect();

  const honest = createReceiverEngine({ url: relay.url, channel: 'h', WebSocket, pingIntervalMs: 200 });
  honest.attach(null, createCanvasSurface(createCanvas(1, 1)));
  cleanup.push(() => honest.dispose());
  honest.connect();
  await expect.poll(() => honest.store.getState().stats.framesReceived).toBeGreaterThan(3);
  await expect.poll(() => honest.store.getState().quality?.layer).toBe('lossless');
  honest.sendInput({ kind: 'pointerdown', x: 1, y: 0, buttons: 1 });
  await expect.poll(() => idAt.get(1)).toBeGreaterThan(0);
  const honestId = idAt.get(1)!;
  await expect.poll(() => source.store.getState().layers?.lossless?.receivers).toEqual([honestId]);

  // Real frames with a queue of 65535, seqs never sent, and a real seq with a wrong timestamp.
  const hostile = rawReceiver(relay, (seq, ts) => [
    ackOf(seq, ts, 65535),
    ackOf((seq + 30_000) & 0xffff, ts, 0),
    ackOf(seq, (ts + 1) >>> 0, 0),
  ]);
  await hostile.open;
  hostile.ws.send(encodeInput({ kind: 'pointerdown', x: 2, y: 0, buttons: 1 }));
  await expect.poll(() => idAt.get(2)).toBeGreaterThan(0);
  const hostileId = idAt.get(2)!;
  expect(source.store.getState().receiverIds).toEqual(expect.arrayContaining([honestId, hostileId]));

  // 40 rounds of three hostile ACKs: the relay refuses and counts every one, by reason and receiver.
  await expect.poll(() => hostile.state.sent, { timeout: 30_000 }).toBeGreaterThanOrEqual(120);
  const perReceiver = `ds_relay_receiver_implausible_acks{channel="h",receiver="${hostileId}"}`;
  await expect.poll(() => metric(relay, perReceiver)).toBeGreaterThanOrEqual(120);
  for (const reason of ['queue_depth', 'unknown_seq', 'timestamp']) {
    expect(await metric(relay, `ds_relay_implausible_acks_total{reason="${reason}"}`)).toBeGreaterThan(0);
  }
  expect(await metric(relay, `ds_relay_receiver_implausible_acks{channel="h",receiver="${honestId}"}`)).toBe(
    0,
  );
  // Nothing of it reached the source's controllers: the layer holds its fps and the honest receiver its layer.
  expect(source.store.getState().implausibleAcks).toBe(0);
  const lossless = source.store.getState().layers?.lossless;
  expect(lossless).toMatchObject({ produced: true, fps: 10 });
  expect(lossless?.reason).not.toContain(`(${hostileId})`);
  expect(honest.store.getState().quality?.layer).toBe('lossless');
  expect(source.store.getState().quality.level).toBe('delta');

  // A plausible receiver is on its layer until it leaves; the leave takes it off before anything else.
  const leaver = rawReceiver(relay, (seq, ts) => [ackOf(seq, ts, 1)]);
  await leaver.open;
  leaver.ws.send(encodeInput({ kind: 'pointerdown', x: 3, y: 0, buttons: 1 }));
  await expect.poll(() => idAt.get(3)).toBeGreaterThan(0);
  const leaverId = idAt.get(3)!;
  await expect.poll(() => source.store.getState().layers?.lossless?.receivers).toContain(leaverId);
  let onLayerAtLeave: readonly number[] | null = null;
  const unsub = source.store.subscribe((s) => {
    if (onLayerAtLeave === null && s.receiverIds !== null && !s.receiverIds.includes(leaverId)) {
      onLayerAtLeave = s.layers?.lossless?.receivers ?? [];
    }
  });
  cleanup.push(unsub);
  leaver.ws.close();
  await expect.poll(() => onLayerAtLeave).not.toBeNull();
  expect(onLayerAtLeave).not.toContain(leaverId);
  expect(onLayerAtLeave).toContain(honestId);
  expect(source.store.getState().layers?.lossless).toMatchObject({ produced: true, fps: 10 });
  expect(honest.store.getState().quality?.layer).toBe('lossless');
  expect(honest.store.getState().error).toBeNull();
});
