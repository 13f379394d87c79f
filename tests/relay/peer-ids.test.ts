// Peer ids are unique among live peers: after the counter wraps, live ids are skipped, and
// with all 65535 live the relay refuses with 4429 (issue 15, item 6).
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_PEER_ID, PeerIds } from '../../relay-dev/peer-ids';
import type { RelayServer } from '../../relay-dev/relay';
import { encodeInput, Flag, InputType, readHeader } from '../../src/core';
import { closeAll, connect, startRelay, type TestClient, until } from './helpers';

afterEach(closeAll);

describe('PeerIds', () => {
  it('counts 1..65535, never 0, and skips live ids after the wrap', () => {
    const ids = new PeerIds();
    const all = Array.from({ length: MAX_PEER_ID }, () => ids.allocate());
    expect(all[0]).toBe(1);
    expect(all.at(-1)).toBe(MAX_PEER_ID);
    expect(new Set(all).size).toBe(MAX_PEER_ID);
    ids.release(300);
    ids.release(12);
    // The cursor is at 65535: the next ids are the free ones in wrap order, not 1 and 2.
    expect(ids.allocate()).toBe(12);
    expect(ids.allocate()).toBe(300);
    expect(() => ids.allocate()).toThrow(expect.objectContaining({ code: 'LIMIT_REACHED', closeCode: 4429 }));
    ids.release(5);
    expect(ids.allocate()).toBe(5);
    expect(ids.size).toBe(MAX_PEER_ID);
  });

  it('is per relay: two allocators hand out the same ids independently', () => {
    const a = new PeerIds();
    const b = new PeerIds();
    expect([a.allocate(), a.allocate(), b.allocate()]).toEqual([1, 2, 1]);
  });
});

/** The id the relay stamped on the next Pointer `from` sends, as the source reads it. */
async function idOf(source: TestClient, from: TestClient, x: number): Promise<number> {
  from.send(encodeInput({ kind: 'pointer', x, y: 0, buttons: 0 }, x));
  const got = await source.find(
    (m) => m[0] === InputType.Pointer && (m[1]! & Flag.Input) !== 0 && readHeader(m).seq === x,
  );
  return readHeader(got).width;
}

describe('peer ids through the relay', () => {
  it('after the wrap, a receiver never gets a live id; all 65535 live refuses with 4429; a freed id is reused', async () => {
    const relay = await startRelay();
    const source = await connect(relay, 'ids', 'source'); // id 1
    // Stand in for 65532 other live peers (the allocator is what the relay asks), leaving 7 and 100.
    const ids = (relay as unknown as RelayServer).peerIds;
    while (ids.size < MAX_PEER_ID) ids.allocate();
    ids.release(7);
    ids.release(100);
    const a = await connect(relay, 'ids', 'receiver');
    const b = await connect(relay, 'ids', 'receiver');
    expect(await idOf(source, a, 1)).toBe(7);
    expect(await idOf(source, b, 2)).toBe(100);
    const refused = await connect(relay, 'ids', 'receiver');
    expect(await refused.closed).toEqual({
      code: 4429,
      reason: 'relay has reached its limit of 65535 connections',
    });
    expect(relay.stats()).toEqual({ channels: 1, sources: 1, receivers: 2 });
    a.ws.close();
    await a.closed;
    // The relay frees the id on its side of the close, which trails the client's.
    await until(() => relay.stats().receivers === 1, 'the relay to free the id', 10_000);
    const c = await connect(relay, 'ids', 'receiver');
    expect(await idOf(source, c, 3)).toBe(7);
  });
});
