import { describe, expect, it } from 'vitest';
import { channelNames, ENVELOPE_SIZE, Kind, writeEnvelope } from '../../relay-dev/cluster/subjects';
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
});
