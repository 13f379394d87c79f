// Over a real relay: a receiver sending made-up ACKs moves nobody's quality, and a receiver
// that leaves stops counting the moment its leave reaches the source.
import {
  type CanvasLike,
  createCanvasCapture,
  createCanvasSurface,
  createQualityController,
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

/** A raw receiver socket that answers every picture frame with `acks(seq, timestamp)`. */
function rawReceiver(relay: Relay, acks: (seq: number, ts: number) => Uint8Array[]) {
  const ws = new WebSocket(`${relay.url}/h?role=receiver`);
  cleanup.push(() => ws.terminate());
  const state = { sent: 0 };
  ws.on('message', (data: Buffer) => {
    const { header } = decodeMessage(new Uint8Array(data));
    if (header.type !== FrameType.Pixels) return;
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

test('hostile ACKs are refused and counted, the level holds; a leaver stops counting at once', {
  timeout: 60_000,
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
  const qc = createQualityController({ mode: 'pixel', fps: 10 });
  const source = createSourceEngine({
    url: relay.url,
    channel: 'h',
    WebSocket,
    canvas: createCanvasCapture(canvas as unknown as CanvasLike),
    mode: 'pixel',
    fps: 10,
    pingIntervalMs: 200,
    quality: qc,
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
  honest.sendInput({ kind: 'pointerdown', x: 1, y: 0, buttons: 1 });
  await expect.poll(() => idAt.get(1)).toBeGreaterThan(0);
  const honestId = idAt.get(1)!;
  await expect.poll(() => qc.state.links.has(String(honestId))).toBe(true);

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

  // 40 rounds of three hostile ACKs each: every one refused, and the level never moved.
  await expect.poll(() => hostile.state.sent, { timeout: 30_000 }).toBeGreaterThanOrEqual(120);
  await expect.poll(() => source.store.getState().implausibleAcks).toBeGreaterThanOrEqual(120);
  expect(qc.state.links.has(String(hostileId))).toBe(false);
  expect(source.store.getState().quality.level).toBe('pixel');
  expect(source.store.getState().mode).toBe('pixel');

  // A plausible receiver is counted until it leaves; the leave removes it before anything else.
  const leaver = rawReceiver(relay, (seq, ts) => [ackOf(seq, ts, 1)]);
  await leaver.open;
  leaver.ws.send(encodeInput({ kind: 'pointerdown', x: 3, y: 0, buttons: 1 }));
  await expect.poll(() => idAt.get(3)).toBeGreaterThan(0);
  const leaverId = String(idAt.get(3)!);
  await expect.poll(() => qc.state.links.has(leaverId)).toBe(true);
  let linkAtLeave: boolean | null = null;
  const unsub = source.store.subscribe((s) => {
    if (linkAtLeave === null && s.receiverIds !== null && !s.receiverIds.includes(Number(leaverId))) {
      linkAtLeave = qc.state.links.has(leaverId);
    }
  });
  cleanup.push(unsub);
  leaver.ws.close();
  await expect.poll(() => linkAtLeave).not.toBeNull();
  expect(linkAtLeave).toBe(false);
  expect(source.store.getState().receiverIds).not.toContain(Number(leaverId));
  expect(qc.state.links.has(String(honestId))).toBe(true);
  expect(honest.store.getState().error).toBeNull();
});
