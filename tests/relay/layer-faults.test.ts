// Quality layers at the relay where a switch, a lost request or an earlier unlayered stream could
// break a receiver: real relay, real sockets, the real delta codec checking what each receiver
// can build. No policy tick moves anyone here unless a test says so (`tickMs: 0` or a frozen clock).
import { afterEach, describe, expect, it } from 'vitest';
import { SentFrames } from '../../relay-dev/layers/ack-check';
import {
  decodeLayerReport,
  decodeMessage,
  encodeInput,
  FrameType,
  withLayer,
} from '../../src/protocol/index';
import { closeAll, connect, startRelay, type TestClient, typeOf } from './helpers';
import { checkApplied, isLayerKeyRequest, isReport, LayeredSource } from './layer-helpers';

afterEach(closeAll);

const LOSSLESS = 0b0010;
const LOSSY = 0b0100;
const LOSSLESS_LOSSY = 0b0110;

/** Waits for `r`'s own LayerReport placing it on `layer`; returns its relay id. */
async function placed(r: TestClient, layer: number): Promise<number> {
  const own = (m: Uint8Array) => isReport(m) && decodeLayerReport(decodeMessage(m))[0]?.layer === layer;
  return decodeLayerReport(decodeMessage(await r.find(own, 10_000)))[0]!.id;
}

/** True for an ACK (input 0x71) naming `seq`, as the source gets it. */
const ackOf = (seq: number) => (m: Uint8Array) =>
  m[0] === 0x71 && (m[1]! & 1) === 1 && (m[16]! | (m[17]! << 8)) === seq;

const sendAck = (r: TestClient, seq: number): void =>
  r.send(
    encodeInput({ kind: 'ack', ackSeq: seq, echoTimestamp: seq * 33, decodeMicros: 100, queueDepth: 1 }),
  );

const metric = async (port: number, line: string): Promise<number | undefined> => {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const hit = text.split('\n').find((l) => l.startsWith(`${line} `));
  return hit === undefined ? undefined : Number(hit.slice(line.length + 1));
};

describe('quality layers at the relay: faults', () => {
  it('ACKs of frames a receiver really got are believed after it switches to an older held picture', async () => {
    const relay = await startRelay({ layers: { tickMs: 0 } });
    const src = new LayeredSource(await connect(relay, 'acks', 'source'), 32, 32);
    src.offer(LOSSLESS_LOSSY);
    src.lossy();
    await src.flushed();
    // Only a lossy picture is held: the first receiver starts there.
    const a = await connect(relay, 'acks', 'receiver');
    await placed(a, 2);
    await src.client.find(isReport);
    src.keyframe();
    await src.flushed();
    const b = await connect(relay, 'acks', 'receiver');
    const idB = await placed(b, 1);
    const lossySeq = src.lossy();
    const deltaSeq = src.delta();
    await b.find((m) => typeOf(m) === FrameType.DeltaPixels && m[2] === (deltaSeq & 0xff));
    // Lossless withdrawn: b moves to the held lossy picture, whose seq is older than its last delta.
    src.offer(LOSSY);
    await placed(b, 2);
    await b.find((m) => typeOf(m) === FrameType.CompressedPixels && m[2] === (lossySeq & 0xff));
    // Its ACK of the delta was on its way when it moved: a true ACK, forwarded, not counted.
    sendAck(b, deltaSeq);
    sendAck(b, lossySeq);
    await src.client.find(ackOf(lossySeq));
    expect(src.client.received.some(ackOf(deltaSeq))).toBe(true);
    expect(await metric(relay.port, 'ds_relay_implausible_acks_total{reason="unknown_seq"}')).toBeUndefined();
    expect(
      await metric(relay.port, `ds_relay_receiver_implausible_acks{channel="acks",receiver="${idB}"}`),
    ).toBeUndefined();
  });

  it('SentFrames finds every seq it sent, in any order of layers and resyncs, across the 16-bit wrap', () => {
    const f = new SentFrames();
    // Lossless 65530..65535, 0..2 (wrapping), then a held lossy picture from before the wrap, then newer.
    const order = [65530, 65532, 65534, 0, 2, 65533, 65535, 1, 3, 4];
    for (const [i, seq] of order.entries()) f.sent(seq, seq * 7, i);
    for (const seq of order) expect(f.check(seq, seq * 7, 1), `seq ${seq}`).toBeNull();
    expect(f.check(5, 35, 0)).toBe('unknown_seq');
    expect(f.check(65531, 65531 * 7, 0)).toBe('unknown_seq');
  });

  it("a joiner waiting for its layer's keyframe is asked for again when the request was rate-limited", async () => {
    const relay = await startRelay({
      keyframeRequestIntervalMs: 3000,
      // Any delta breaks the chain: the relay holds no whole lossless picture after one.
      maxDeltaLogBytes: 16,
      layers: { tickMs: 5, now: () => 0 },
    });
    const src = new LayeredSource(await connect(relay, 'late', 'source'), 32, 32);
    const asked = () => src.client.received.filter(isLayerKeyRequest(1)).length;
    src.offer(LOSSLESS);
    await src.flushed();
    const a = await connect(relay, 'late', 'receiver');
    await src.client.find(isLayerKeyRequest(1));
    src.keyframe();
    await placed(a, 1);
    src.delta(true);
    await src.flushed();
    const b = await connect(relay, 'late', 'receiver');
    // b waits for a lossless keyframe; the relay asked one a moment ago, so it does not ask now.
    await src.client.find(
      (m) => isReport(m) && decodeLayerReport(decodeMessage(m)).filter((e) => e.layer === 1).length === 2,
    );
    expect(asked()).toBe(1);
    // …but once the interval has passed it asks again (the source never answered for b).
    await src.client.find(() => asked() === 2, 15_000);
    src.keyframe();
    await placed(b, 1);
    const last = src.delta();
    await b.find((m) => typeOf(m) === FrameType.DeltaPixels && m[2] === (last & 0xff));
    expect(checkApplied(b.received, src.truth)).toEqual([1]);
  });

  it('a late joiner after the source went from an unlayered stream to layers gets no stale layer-0 picture', async () => {
    const relay = await startRelay();
    const src = new LayeredSource(await connect(relay, 'pin', 'source'), 32, 32);
    const sent: Uint8Array[] = [];
    const send = src.client.send;
    let layer0 = true;
    src.client.send = (m) => {
      // A pinned source streams unlayered (layer 0) frames; the layered helper tags them.
      if (layer0 && m[0] !== FrameType.LayerOffer && m[0] !== FrameType.Ping) m[1] = withLayer(m[1]!, 0);
      sent.push(m);
      send(m);
    };
    src.offer(0);
    src.keyframe();
    src.delta();
    await src.flushed();
    // Unpinned: the same source offers layers and starts its lossless layer.
    layer0 = false;
    src.offer(LOSSLESS_LOSSY);
    src.keyframe();
    src.delta();
    await src.flushed();
    // The layered keyframe and delta: all the relay should hold.
    const layered = sent.slice(-3, -1).reduce((n, m) => n + m.byteLength, 0);
    const r = await connect(relay, 'pin', 'receiver');
    await placed(r, 1);
    const last = src.delta();
    await r.find((m) => typeOf(m) === FrameType.DeltaPixels && m[2] === (last & 0xff));
    expect(checkApplied(r.received, src.truth)).toEqual([1]);
    expect(r.received.filter((m) => typeOf(m) === FrameType.Pixels)).toHaveLength(1);
    // What the unlayered stream left is nobody's picture any more: not sent, and not retained.
    expect(await metric(relay.port, 'ds_relay_retained_bytes')).toBe(layered + sent.at(-1)!.byteLength);
  });
});
