// Quality layers at the relay over real sockets: hand-made layered sources, receivers that read
// or do not, the real delta codec checking every picture a receiver can build. The policy's
// clock is injected (`layers.now`): holds pass when the test moves it, never by waiting.
import { createLinkShaper, type LinkShaper } from '@ds-stream/react/relay';
import { afterEach, describe, expect, it } from 'vitest';
import {
  encodeInput,
  encodeLayerReport,
  encodeMessage,
  Flag,
  FrameType,
  withLayer,
} from '../../src/protocol/index';
import { closeAll, connect, sleep, startRelay, type TestClient, typeOf } from './helpers';
import { checkApplied, isLayerKeyRequest, isReport, LayeredSource, reports } from './layer-helpers';

const shapers: LinkShaper[] = [];
afterEach(async () => {
  await closeAll();
  await Promise.all(shapers.splice(0).map((s) => s.close()));
});

const LOSSLESS_LOSSY = 0b0110;

/** The entries of one LayerReport message. */
const entriesOf = (m: Uint8Array) => reports({ received: [m] } as TestClient)[0]!;

/** Waits for `r`'s own LayerReport placing it on `layer` for `reason`; returns its id (one entry, its own). */
async function own(r: TestClient, layer: number, reason: string): Promise<number> {
  const m = await r.find(
    (x) => isReport(x) && entriesOf(x)[0]!.layer === layer && entriesOf(x)[0]!.reason === reason,
    10_000,
  );
  expect(entriesOf(m)).toHaveLength(1);
  return entriesOf(m)[0]!.id;
}

const metricsOf = async (port: number): Promise<string> =>
  (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
const metric = (text: string, line: string): number | undefined => {
  const hit = text.split('\n').find((l) => l.startsWith(`${line} `));
  return hit === undefined ? undefined : Number(hit.slice(line.length + 1));
};

describe('quality layers at the relay', () => {
  it('late joiners start on the best layer whose picture fits; LayerOffer is consumed; reports carry ids', async () => {
    const relay = await startRelay({ maxBufferedBytes: 200_000 });
    const src = new LayeredSource(await connect(relay, 'j', 'source'));
    src.offer(LOSSLESS_LOSSY);
    src.keyframe(); // 262 KB raw: over this relay's 200 KB receiver budget
    await src.flushed();
    const a = await connect(relay, 'j', 'receiver');
    // Lossless does not fit and nothing else is held: the relay asks for a lossy keyframe.
    await src.client.find(isLayerKeyRequest(2));
    const report = await src.client.find(
      (m) => isReport(m) && reports({ received: [m] } as TestClient)[0]!.length === 1,
    );
    const [entry] = reports({ received: [report] } as TestClient)[0]!;
    expect(entry).toMatchObject({ layer: 2, reason: 'join' });
    src.lossy();
    const id = await own(a, 2, 'join');
    expect(id).toBe(entry!.id);
    await a.find((m) => typeOf(m) === FrameType.CompressedPixels);
    // It never got the lossless picture, nor the LayerOffer, and one entry only: its own.
    expect(a.received.some((m) => typeOf(m) === FrameType.Pixels || typeOf(m) === FrameType.LayerOffer)).toBe(
      false,
    );
    expect(reports(a).every((r) => r.length === 1 && r[0]!.id === id)).toBe(true);

    // With room for it, a joiner gets the lossless keyframe + delta log first, on lossless.
    const roomy = await startRelay();
    const s2 = new LayeredSource(await connect(roomy, 'k', 'source'));
    s2.offer(LOSSLESS_LOSSY);
    s2.keyframe();
    s2.delta();
    s2.delta();
    await s2.flushed();
    const b = await connect(roomy, 'k', 'receiver');
    await own(b, 1, 'join');
    s2.delta();
    await b.find((m) => typeOf(m) === FrameType.DeltaPixels && m[2] === s2.seq);
    expect(checkApplied(b.received, s2.truth)).toEqual([1]);
    const idB = reports(b)[0]![0]!.id;
    await s2.client.find(
      (m) => isReport(m) && reports({ received: [m] } as TestClient)[0]!.some((e) => e.id === idB),
    );
  });

  it('a frame on a layer not offered closes the source 1007; a source sending LayerReport 4403', async () => {
    const relay = await startRelay();
    const src = new LayeredSource(await connect(relay, 'x', 'source'));
    src.offer(0b0010);
    src.lossy();
    expect((await src.client.closed).code).toBe(1007);
    const s2 = await connect(relay, 'y', 'source');
    s2.send(encodeLayerReport([], { seq: 0, timestamp: 0 }));
    expect((await s2.closed).code).toBe(4403);
  });

  it('an unlayered stream (mask 0) reaches everyone with no LayerReport', async () => {
    const relay = await startRelay();
    const src = new LayeredSource(await connect(relay, 'u', 'source'));
    src.offer(0);
    const r = await connect(relay, 'u', 'receiver');
    await r.next();
    src.client.send(
      encodeMessage(
        { type: FrameType.Pixels, flags: Flag.Keyframe, seq: 9, timestamp: 0, width: 1, height: 1 },
        new Uint8Array(4),
      ),
    );
    await r.find((m) => typeOf(m) === FrameType.Pixels);
    expect(r.received.some(isReport)).toBe(false);
    expect(src.client.received.some(isReport)).toBe(false);
  });

  it('a receiver behind a throttled link moves down at a lossy keyframe while a fast one stays lossless; it climbs back when the link frees', async () => {
    const clock = { t: 0 };
    const relay = await startRelay({
      maxBufferedBytes: 256 * 1024,
      layers: { now: () => clock.t, tickMs: 5 },
    });
    const shaper = createLinkShaper({ target: relay.url, bytesPerSecond: 50_000, maxQueuedBytes: 16 * 1024 });
    shapers.push(shaper);
    await shaper.listen();
    const src = new LayeredSource(await connect(relay, 'c', 'source'), 128, 128);
    src.offer(LOSSLESS_LOSSY);
    src.keyframe();
    await src.flushed();
    const fast = await connect(relay, 'c', 'receiver');
    const slow = await connect({ url: shaper.url } as typeof relay, 'c', 'receiver');
    const idFast = await own(fast, 1, 'join');
    const idSlow = await own(slow, 1, 'join');
    const placed = (id: number, layer: number) => (m: Uint8Array) =>
      isReport(m) &&
      reports({ received: [m] } as TestClient)[0]!.some((e) => e.id === id && e.layer === layer);

    // Big deltas until its send buffer passes the budget and frames are dropped for it.
    const deadline = Date.now() + 30_000;
    while (!src.client.received.some(placed(idSlow, 2))) {
      if (Date.now() > deadline) throw new Error('the stalled receiver was never moved down');
      for (let i = 0; i < 4; i++) src.delta(true);
      await sleep(10);
    }
    // Nothing lossy is held: it stays on lossless until the source's lossy keyframe.
    await src.client.find(isLayerKeyRequest(2));
    src.lossy();
    src.delta();
    shaper.lift();
    // Its report comes at the lossy keyframe (dropped for it if it is still over budget: then
    // the next lossy picture, sent in the loop below, is its first).
    await own(slow, 2, 'congested');

    // Climb back: the link is clear; the policy's hold passes as the clock moves.
    let t0 = src.client.received.length;
    const climbDeadline = Date.now() + 30_000;
    const recovered = (m: Uint8Array) => isReport(m) && entriesOf(m)[0]!.reason === 'recovered';
    while (!slow.received.some(recovered)) {
      if (Date.now() > climbDeadline) throw new Error('the receiver never climbed back');
      // Answer lossless keyframe requests (the delta log overflowed long ago) with a keyframe.
      const asked = src.client.received.slice(t0).some(isLayerKeyRequest(1));
      t0 = src.client.received.length;
      if (asked) src.keyframe();
      else src.delta();
      src.lossy();
      clock.t += 250;
      await sleep(15);
    }
    await own(slow, 1, 'recovered');
    src.delta();
    const last = src.delta();
    await slow.find(
      (m) => typeOf(m) === FrameType.DeltaPixels && m[2] === (last & 0xff) && m[3] === last >> 8,
    );
    await fast.find(
      (m) => typeOf(m) === FrameType.DeltaPixels && m[2] === (last & 0xff) && m[3] === last >> 8,
    );

    // Every picture each one can build equals the source's; each switch began at a keyframe.
    expect(checkApplied(slow.received, src.truth)).toEqual([1, 2, 1]);
    expect(checkApplied(fast.received, src.truth)).toEqual([1]);
    expect(reports(fast).map((r) => r[0]!.layer)).toEqual([1]);
    expect(src.client.received.some(placed(idFast, 2))).toBe(false);

    const text = await metricsOf(relay.port);
    expect(metric(text, 'ds_relay_layer_switches_total{from="lossless",to="lossy",reason="congested"}')).toBe(
      1,
    );
    expect(metric(text, 'ds_relay_layer_switches_total{from="lossy",to="lossless",reason="recovered"}')).toBe(
      1,
    );
    expect(metric(text, `ds_relay_receiver_layer{channel="c",receiver="${idSlow}"}`)).toBe(1);
    expect(metric(text, 'ds_relay_layer_receivers{layer="lossless"}')).toBe(2);
    expect(metric(text, 'ds_relay_layer_bytes_out_total{layer="lossy"}')).toBeGreaterThan(0);
  });

  it('implausible ACKs are dropped, counted per receiver and move no one; a leaver leaves the metrics', async () => {
    const clock = { t: 0 };
    const relay = await startRelay({ layers: { now: () => clock.t, tickMs: 5 } });
    const src = new LayeredSource(await connect(relay, 'h', 'source'), 16, 16);
    src.offer(LOSSLESS_LOSSY);
    src.keyframe();
    await src.flushed();
    const hostile = await connect(relay, 'h', 'receiver');
    const other = await connect(relay, 'h', 'receiver');
    const idH = await own(hostile, 1, 'join');
    const idO = await own(other, 1, 'join');
    const seq = src.delta();
    await hostile.find((m) => typeOf(m) === FrameType.DeltaPixels);
    const ack = (ackSeq: number, echoTimestamp: number, queueDepth: number) =>
      hostile.send(encodeInput({ kind: 'ack', ackSeq, echoTimestamp, decodeMicros: 100, queueDepth }));
    ack(seq + 100, 0, 0); // never sent
    ack(seq, 12345, 0); // wrong timestamp
    ack(seq, seq * 33, 65535); // a queue it was never sent
    ack(seq, seq * 33, 1); // the one true ACK
    const isAck = (m: Uint8Array) => m[0] === 0x71 && (m[1]! & 1) === 1;
    await src.client.find(isAck);
    await sleep(20);
    const acks = src.client.received.filter(isAck);
    expect(acks).toHaveLength(1);
    expect(acks[0]![8]! | (acks[0]![9]! << 8)).toBe(idH);

    // Time passes; had the 65535 counted, the hostile receiver would have been moved for lag.
    for (let i = 0; i < 20; i++) {
      clock.t += 250;
      await sleep(10);
    }
    const last = reports(src.client).at(-1)!;
    expect(last.map((e) => e.layer)).toEqual([1, 1]);
    let text = await metricsOf(relay.port);
    expect(metric(text, 'ds_relay_implausible_acks_total{reason="unknown_seq"}')).toBe(1);
    expect(metric(text, 'ds_relay_implausible_acks_total{reason="timestamp"}')).toBe(1);
    expect(metric(text, 'ds_relay_implausible_acks_total{reason="queue_depth"}')).toBe(1);
    expect(metric(text, `ds_relay_receiver_implausible_acks{channel="h",receiver="${idH}"}`)).toBe(3);
    // Placements on join are counted (from none); nothing moved anyone since.
    expect(text).not.toMatch(/ds_relay_layer_switches_total\{[^}]*reason="(congested|lagging|recovered)"/);

    const before = reports(src.client).length;
    other.ws.close();
    await src.client.find(() => reports(src.client).length > before);
    expect(reports(src.client).at(-1)).toEqual([{ id: idH, layer: 1, reason: 'join' }]);
    text = await metricsOf(relay.port);
    expect(metric(text, `ds_relay_receiver_layer{channel="h",receiver="${idO}"}`)).toBeUndefined();
    expect(metric(text, `ds_relay_receiver_layer{channel="h",receiver="${idH}"}`)).toBe(1);
    expect(metric(text, 'ds_relay_layer_receivers{layer="lossless"}')).toBe(1);
    // A receiver's plain KeyframeRequest asks for its own layer.
    hostile.send(encodeInput({ kind: 'keyframe-request' }));
    await src.client.find(isLayerKeyRequest(1));
    void withLayer;
  });
});
