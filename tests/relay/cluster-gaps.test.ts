import { jetstream } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { describe, expect, it } from 'vitest';
import { packSnapshot } from '../../relay-dev/cluster/state-snapshot';
import { BUCKET, channelNames, ENVELOPE_SIZE, Kind, writeEnvelope } from '../../relay-dev/cluster/subjects';
import { fragmentMessage } from '../../src/protocol/index';
import { clusterRelay, fromSource, natsForTests } from './cluster-helpers';
import { connect, delta, pixels, type TestClient, until } from './helpers';

const nats = natsForTests();

const PEER = 0x00c0_ffee;

/** A stand-in source relay publishing on `channel`'s frame subject, with its own message ids. */
async function peerRelay(channel: string) {
  const nc = await nats.client();
  const subject = channelNames(channel).frame;
  const envelope = (kind: Kind, body: Uint8Array = new Uint8Array(0)): Uint8Array => {
    const out = new Uint8Array(ENVELOPE_SIZE + body.byteLength);
    writeEnvelope(out, kind, PEER);
    out.set(body, ENVELOPE_SIZE);
    return out;
  };
  return {
    frame: (message: Uint8Array, id: number) => {
      for (const f of fragmentMessage(message, id, 64 * 1024))
        nc.publish(subject, envelope(Kind.Fragment, f));
    },
    raw: (kind: Kind, body?: Uint8Array) => nc.publish(subject, envelope(kind, body)),
    /** Writes its owner record and a chained snapshot ending at `lastId` into the channel's KV. */
    snapshot: async (lastId: number, messages: readonly Uint8Array[]) => {
      const kv = await new Kvm(jetstream(nc)).create(BUCKET, { history: 1 });
      const names = channelNames(channel);
      await kv.put(names.owner, JSON.stringify({ relay: PEER, at: Date.now(), hb: 60_000 }));
      await kv.put(names.state, packSnapshot(PEER, lastId, true, messages));
    },
  };
}

const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));
const got = (c: TestClient, m: Uint8Array): boolean => fromSource(c).some((x) => same(x, m));

/** Publishes keyframes (ids 1, 2, ...) until the receiver has one; returns the id used. */
async function firstPicture(peer: Awaited<ReturnType<typeof peerRelay>>, c: TestClient): Promise<number> {
  for (let id = 1; ; id++) {
    peer.frame(pixels(id), id);
    try {
      await until(() => got(c, pixels(id)), 'the keyframe on the receiver', 250);
      return id;
    } catch {
      // Its relay had not subscribed yet: another one.
    }
  }
}

describe('cluster gap detection', () => {
  it('holds deltas after the followed relay announces itself again (frames it sent while away are lost)', async () => {
    const c = await clusterRelay(nats.server());
    const onC = await connect(c, 'again', 'receiver');
    const peer = await peerRelay('again');
    const k = await firstPicture(peer, onC);
    peer.frame(delta(k + 1), k + 1);
    // Its NATS connection came back: frame k + 2 was published into nothing, then its note.
    peer.raw(Kind.SourceOnline);
    peer.frame(delta(k + 3), k + 3);
    peer.frame(pixels(k + 4), k + 4);
    await until(() => got(onC, pixels(k + 4)), 'the next keyframe');
    expect(got(onC, delta(k + 1))).toBe(true);
    expect(got(onC, delta(k + 3))).toBe(false);
  });

  it('holds deltas after a malformed fragment from the source relay', async () => {
    const c = await clusterRelay(nats.server());
    const onC = await connect(c, 'mangled', 'receiver');
    const peer = await peerRelay('mangled');
    const k = await firstPicture(peer, onC);
    peer.frame(delta(k + 1), k + 1);
    // Frame k + 2 arrives mangled: the reassembler that would count it as missing goes with it.
    peer.raw(Kind.Fragment, new Uint8Array([0xff, 0x01]));
    peer.frame(delta(k + 3), k + 3);
    peer.frame(pixels(k + 4), k + 4);
    await until(() => got(onC, pixels(k + 4)), 'the next keyframe');
    expect(got(onC, delta(k + 1))).toBe(true);
    expect(got(onC, delta(k + 3))).toBe(false);
  });

  it('holds deltas when the first live frame after a snapshot is not the next one (frames published before it subscribed)', async () => {
    const c = await clusterRelay(nats.server());
    const peer = await peerRelay('stale');
    // The snapshot ends at frame 5; frames 6 and 7 went out before C subscribed, and nothing
    // arrives while it loads, so only frame 8 can show the gap.
    await peer.snapshot(5, [pixels(4), delta(5)]);
    const onC = await connect(c, 'stale', 'receiver');
    await until(() => got(onC, delta(5)), "the snapshot's picture");
    peer.frame(delta(8), 8);
    peer.frame(pixels(9), 9);
    peer.frame(delta(10), 10);
    await until(() => got(onC, delta(10)), 'the delta after the next keyframe');
    expect(got(onC, delta(8))).toBe(false);
    expect(got(onC, pixels(9))).toBe(true);
  });

  it('a snapshot joined by the next live frame streams on without a gap', async () => {
    const c = await clusterRelay(nats.server());
    const peer = await peerRelay('joined');
    await peer.snapshot(5, [pixels(4), delta(5)]);
    const onC = await connect(c, 'joined', 'receiver');
    await until(() => got(onC, delta(5)), "the snapshot's picture");
    // Frame 5 again (it was in flight as the snapshot was written): dropped, not painted twice.
    peer.frame(delta(5), 5);
    peer.frame(delta(6), 6);
    peer.frame(delta(7), 7);
    await until(() => got(onC, delta(7)), 'the live deltas');
    expect(fromSource(onC).filter((m) => same(m, delta(5)))).toHaveLength(1);
    expect(got(onC, delta(6))).toBe(true);
  });
});
