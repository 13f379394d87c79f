// Quality layers across relays clustered over a real nats-server: a layered source on A,
// receivers on B and C routed by their own relay's layer choice, the source told of them all.
import { createLinkShaper, type LinkShaper, type Relay } from '@ds-stream/react/relay';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  decodeMessage,
  decodeRoster,
  encodeInput,
  Flag,
  FrameType,
  frameLayer,
  InputType,
  type RosterInfo,
  readHeader,
} from '../../src/protocol/index';
import { clusterRelay, meshed } from './cluster-helpers';
import { closeAll, connect, sleep, type TestClient, typeOf, until } from './helpers';
import { checkApplied, isLayerKeyRequest, isReport, LayeredSource, reports } from './layer-helpers';
import { type NatsServer, startNats } from './nats-server';

let nats: NatsServer;
beforeAll(async () => {
  nats = await startNats();
});
afterAll(() => nats?.dispose());
const shapers: LinkShaper[] = [];
afterEach(async () => {
  await closeAll();
  await Promise.all(shapers.splice(0).map((s) => s.close()));
});

const LOSSLESS_LOSSY = 0b0110;
const rosters = (c: TestClient): RosterInfo[] =>
  c.received.filter((m) => typeOf(m) === FrameType.Roster).map((m) => decodeRoster(decodeMessage(m)));
const isPlainKeyRequest = (m: Uint8Array) =>
  m[0] === InputType.KeyframeRequest && (m[1]! & Flag.Input) !== 0 && frameLayer(m[1]!) === 0;

/**
 * Waits for `r`'s own LayerReport placing it on `layer` for one of `reasons` (a receiver that
 * joins before its relay has the source's offer is placed by the offer: 'offer').
 */
async function own(r: TestClient, layer: number, ...reasons: string[]): Promise<void> {
  await r.find((x) => {
    if (!isReport(x)) return false;
    const [e] = reports({ received: [x] } as TestClient)[0]!;
    return e!.layer === layer && reasons.includes(e!.reason);
  }, 10_000);
}

/** The id the source's relay gives `r`: the sender id of an input of its, as the source gets it. */
async function sourceIdOf(src: LayeredSource, r: TestClient, x: number): Promise<number> {
  r.send(encodeInput({ kind: 'pointer', x, y: 1, buttons: 0 }, x, 0));
  const got = await src.client.find(
    (m) => m[0] === InputType.Pointer && (m[1]! & Flag.Input) !== 0 && readHeader(m).seq === x,
  );
  return readHeader(got).width;
}

/** Streams lossless deltas (and lossy pictures when `lossy`), answering every KeyframeRequest. */
function drive(src: LayeredSource, opts: { lossy?: boolean; big?: boolean } = {}): { stop(): void } {
  let at = src.client.received.length;
  const timer = setInterval(() => {
    if (src.client.ws.readyState !== src.client.ws.OPEN) return;
    const asked = src.client.received.slice(at);
    at = src.client.received.length;
    const plain = asked.some(isPlainKeyRequest);
    if (plain || asked.some(isLayerKeyRequest(1))) src.keyframe();
    else src.delta(opts.big);
    if (opts.lossy || plain || asked.some(isLayerKeyRequest(2))) src.lossy();
  }, 15);
  return { stop: () => clearInterval(timer) };
}

const receiverOf = (url: string) => ({ url }) as Relay;

describe('quality layers across a cluster', () => {
  it('routes receivers on B and C by their own relay; the source hears of them all, and of a leave', async () => {
    const [a, b, c] = await Promise.all([clusterRelay(nats), clusterRelay(nats), clusterRelay(nats)]);
    await meshed([a, b, c]);
    const src = new LayeredSource(await connect(a, 'lx', 'source'), 64, 64);
    src.offer(LOSSLESS_LOSSY);
    src.keyframe();
    await src.flushed();
    const driver = drive(src);
    try {
      const onB = await connect(b, 'lx', 'receiver');
      const onC = await connect(c, 'lx', 'receiver');
      await Promise.all([own(onB, 1, 'join', 'offer'), own(onC, 1, 'join', 'offer')]);
      const idB = await sourceIdOf(src, onB, 101);
      const idC = await sourceIdOf(src, onC, 102);
      expect(idB).not.toBe(idC);
      // The source's LayerReport lists both, with the ids their input carries, after their Roster joins.
      await until(
        () =>
          reports(src.client).some(
            (r) =>
              r.some((e) => e.id === idB && e.layer === 1) && r.some((e) => e.id === idC && e.layer === 1),
          ),
        'a LayerReport naming the receivers of B and C',
      );
      const joined = rosters(src.client)
        .filter((r) => r.kind === 'joined')
        .flatMap((r) => r.ids);
      expect(joined).toEqual(expect.arrayContaining([idB, idC]));
      // Each gets lossless pictures from a keyframe on, every one equal to the source's, and one
      // LayerReport entry: its own. The LayerOffer stays between relays.
      const deltas = (r: TestClient) => r.received.filter((m) => typeOf(m) === FrameType.DeltaPixels).length;
      await until(() => deltas(onB) >= 5 && deltas(onC) >= 5, 'deltas on B and C');
      for (const r of [onB, onC]) {
        expect(checkApplied(r.received, src.truth)).toEqual([1]);
        expect(reports(r).every((e) => e.length === 1)).toBe(true);
        expect(r.received.some((m) => typeOf(m) === FrameType.LayerOffer)).toBe(false);
      }

      // A remote receiver leaving reaches the source as a Roster 'left' with its id.
      onC.ws.close();
      await until(
        () => rosters(src.client).some((r) => r.kind === 'left' && r.ids.includes(idC)),
        "the source's Roster left for C's receiver",
      );
      await until(() => {
        const last = reports(src.client).at(-1)!;
        return last.some((e) => e.id === idB) && !last.some((e) => e.id === idC);
      }, 'a LayerReport without the receiver that left');
    } finally {
      driver.stop();
    }
  });

  it('moves a throttled receiver on B down to lossy while one on C stays lossless', async () => {
    const clock = { t: 0 };
    const layers = { now: () => clock.t, tickMs: 5 };
    const [a, b, c] = await Promise.all([
      clusterRelay(nats),
      clusterRelay(nats, { maxBufferedBytes: 256 * 1024, layers }),
      clusterRelay(nats, { layers }),
    ]);
    await meshed([a, b, c]);
    const shaper = createLinkShaper({ target: b.url, bytesPerSecond: 50_000, maxQueuedBytes: 16 * 1024 });
    shapers.push(shaper);
    await shaper.listen();
    const src = new LayeredSource(await connect(a, 'lt', 'source'), 128, 128);
    src.offer(LOSSLESS_LOSSY);
    src.keyframe();
    await src.flushed();
    const slow = await connect(receiverOf(shaper.url), 'lt', 'receiver');
    const fast = await connect(c, 'lt', 'receiver');
    let driver = drive(src);
    try {
      await Promise.all([own(slow, 1, 'join', 'offer'), own(fast, 1, 'join', 'offer')]);
      const idSlow = await sourceIdOf(src, slow, 201);
      const idFast = await sourceIdOf(src, fast, 202);
      driver.stop();
      // Big deltas (every pixel) until B's send buffer to it passes its budget: B moves it.
      driver = drive(src, { big: true });
      const onLayer = (id: number, layer: number) =>
        reports(src.client).some((r) => r.some((e) => e.id === id && e.layer === layer));
      await until(() => onLayer(idSlow, 2), "the source told the slow receiver's move to lossy", 30_000);
      driver.stop();
      shaper.lift();
      driver = drive(src, { lossy: true });
      await own(slow, 2, 'congested');
      const last = src.seq;
      await until(
        () => slow.received.some((m) => typeOf(m) === FrameType.CompressedPixels && readHeader(m).seq > last),
        'lossy pictures on the slow receiver',
      );
      await sleep(0);
      expect(checkApplied(slow.received, src.truth)).toEqual([1, 2]);
      expect(checkApplied(fast.received, src.truth)).toEqual([1]);
      expect(reports(fast).map((r) => r[0]!.layer)).toEqual([1]);
      expect(onLayer(idFast, 2)).toBe(false);
      expect(reports(src.client).at(-1)).toEqual(
        expect.arrayContaining([expect.objectContaining({ id: idFast, layer: 1 })]),
      );
    } finally {
      driver.stop();
    }
  });
});
