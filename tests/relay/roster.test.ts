// Roster (0x51): the source hears of every receiver's join and leave, by the id the relay stamps
// on that receiver's input, and a (returning) source gets a snapshot of who is there.
import { afterEach, describe, expect, it } from 'vitest';
import {
  decodeMessage,
  decodeRoster,
  encodeInput,
  encodeRoster,
  FrameType,
  type RosterInfo,
} from '../../src/protocol/index';
import { closeAll, connect, startRelay, type TestClient, typeOf } from './helpers';

afterEach(closeAll);

const isRoster = (m: Uint8Array): boolean => typeOf(m) === FrameType.Roster;
const rosters = (c: TestClient): RosterInfo[] =>
  c.received.filter(isRoster).map((m) => decodeRoster(decodeMessage(m)));

/** The relay id of `receiver`, read from the `width` of its input as the source gets it. */
async function idOf(receiver: TestClient, source: TestClient, x: number): Promise<number> {
  receiver.send(encodeInput({ kind: 'pointer', x, y: 0, buttons: 0 }));
  const input = await source.find((m) => m[0] === 0x01 && (m[1]! & 1) === 1 && m[16] === x);
  return decodeMessage(input).header.width;
}

describe('Roster to the source', () => {
  it('announces joins before their input and leaves by id; a returning source gets the snapshot', async () => {
    const relay = await startRelay();
    const source = await connect(relay, 'r', 'source');
    // Nobody there yet: the snapshot says so.
    await source.find(isRoster);
    expect(rosters(source)).toEqual([{ kind: 'snapshot', ids: [] }]);

    const a = await connect(relay, 'r', 'receiver');
    const b = await connect(relay, 'r', 'receiver');
    const idA = await idOf(a, source, 1);
    const idB = await idOf(b, source, 2);
    expect(idA).toBeGreaterThan(0);
    expect(idB).not.toBe(idA);
    // Each join is announced once, and before that receiver's first input.
    const joined = rosters(source)
      .filter((r) => r.kind === 'joined')
      .flatMap((r) => r.ids);
    expect(joined.sort()).toEqual([idA, idB].sort());
    const firstInputOf = (x: number) => source.received.findIndex((m) => m[0] === 0x01 && m[16] === x);
    const joinOf = (id: number) =>
      source.received.findIndex((m) => isRoster(m) && decodeRoster(decodeMessage(m)).ids.includes(id));
    expect(joinOf(idA)).toBeLessThan(firstInputOf(1));
    expect(joinOf(idB)).toBeLessThan(firstInputOf(2));

    b.ws.close();
    await source.find((m) => isRoster(m) && decodeRoster(decodeMessage(m)).kind === 'left');
    expect(rosters(source).filter((r) => r.kind === 'left')).toEqual([{ kind: 'left', ids: [idB] }]);

    // The source goes; a receiver joins meanwhile; the returning source learns both are there.
    source.ws.close();
    await source.closed;
    const c = await connect(relay, 'r', 'receiver');
    await c.next();
    const back = await connect(relay, 'r', 'source');
    const snap = decodeRoster(decodeMessage(await back.find(isRoster)));
    expect(snap.kind).toBe('snapshot');
    const idC = await idOf(c, back, 3);
    expect(snap.ids.sort()).toEqual([idA, idC].sort());
    // The snapshot comes first: before the receiver count and any input.
    expect(typeOf(back.received[0]!)).toBe(FrameType.Roster);
    // c was in the snapshot, so it is not announced again as joined.
    expect(rosters(back).filter((r) => r.kind === 'joined')).toEqual([]);
  });

  it('a source that sends a Roster is closed 4403', async () => {
    const relay = await startRelay();
    const source = await connect(relay, 'f', 'source');
    source.send(encodeRoster('left', [1], { seq: 0, timestamp: 0 }));
    expect((await source.closed).code).toBe(4403);
  });
});
