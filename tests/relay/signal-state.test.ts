// Signal state in the relay: every SignalSync/SignalDiff is checked as it is recorded (depth,
// size, JSON object), the merged state has a size cap, and a join never throws.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryChannelState } from '../../relay-dev/channel-state';
import {
  encodeMessage,
  Flag,
  FrameType,
  mergeSignal,
  peekSeq,
  type SignalState,
} from '../../src/protocol/index';
import { closeAll, connect, json, signal, sleep, startRelay, typeOf } from './helpers';

afterEach(closeAll);

function deepSync(depth: number): Uint8Array {
  const text = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  return encodeMessage(
    { type: FrameType.SignalSync, flags: Flag.Keyframe, seq: 2, timestamp: 0, width: 0, height: 0 },
    new TextEncoder().encode(text),
  );
}

const refused = (metrics: string, reason: string): number =>
  Number(new RegExp(`ds_relay_signals_refused_total\\{reason="${reason}"\\} (\\d+)`).exec(metrics)?.[1] ?? 0);

describe('signal state at the relay', () => {
  it('refuses a 10,000-deep SignalSync: 10 receivers join and leave, /healthz says 0, a new one stays open', async () => {
    const relay = await startRelay();
    const source = await connect(relay, 'deep', 'source');
    source.send(signal(1, { ok: 1 }, true));
    source.send(deepSync(10_000));
    source.send(signal(3, { more: 2 }));
    const first = await connect(relay, 'deep', 'receiver');
    expect(json(await first.find((m) => typeOf(m) === FrameType.SignalSync))).toEqual({ ok: 1, more: 2 });
    for (let i = 0; i < 10; i++) {
      const r = await connect(relay, 'deep', 'receiver');
      const sync = await r.find((m) => typeOf(m) === FrameType.SignalSync);
      expect(json(sync)).toEqual({ ok: 1, more: 2 });
      r.ws.close();
      await r.closed;
    }
    first.ws.close();
    await first.closed;
    const health = async (): Promise<{ receivers: number }> =>
      (await fetch(`${relay.url.replace('ws', 'http')}/healthz`)).json() as Promise<{ receivers: number }>;
    // The relay sees each close a moment after the client does: wait for it (no deadline tighter than 5 s).
    for (let i = 0; i < 500 && (await health()).receivers !== 0; i++) await sleep(10);
    expect((await health()).receivers).toBe(0);
    expect(refused(await relay.metrics(), 'bad_json')).toBe(1);
    const fresh = await connect(relay, 'deep', 'receiver');
    await fresh.find((m) => typeOf(m) === FrameType.SignalSync);
    source.send(signal(4, { last: 3 }));
    expect(json(await fresh.find((m) => peekSeq(m) === 4))).toEqual({ last: 3 });
    expect(fresh.ws.readyState).toBe(fresh.ws.OPEN);
  });

  it('refuses a SignalSync over maxSignalStateBytes and a diff that would grow the state past it', async () => {
    const relay = await startRelay({ maxSignalStateBytes: 1000 });
    const source = await connect(relay, 'cap', 'source');
    const watcher = await connect(relay, 'cap', 'receiver');
    await watcher.next();
    source.send(signal(1, { base: 'b'.repeat(500) }, true));
    source.send(signal(2, { huge: 'h'.repeat(2000) }, true)); // refused: over the cap itself
    source.send(signal(3, { grow: 'g'.repeat(500) })); // refused: about 512 + 511 bytes > 1000
    source.send(signal(4, { small: 1 }));
    await watcher.find((m) => peekSeq(m) === 4);
    // Refused messages are not forwarded either: live receivers match what late joiners get.
    expect(watcher.received.slice(1).map(peekSeq)).toEqual([1, 4]);
    const late = await connect(relay, 'cap', 'receiver');
    const sync = await late.find((m) => typeOf(m) === FrameType.SignalSync);
    expect(json(sync)).toEqual({ base: 'b'.repeat(500), small: 1 });
    expect(refused(await relay.metrics(), 'payload_too_large')).toBe(2);
  });
});

const SIGNAL_HEADER = { type: FrameType.SignalDiff, flags: 0, timestamp: 0, width: 0, height: 0 };
const value = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.constantFrom(1e300, -1e300, 1e21, 5e-324), // serialise longer than they can be written
  fc.constant(null),
);
const diffs = fc.array(fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd', 'e'), value), { maxLength: 300 });

describe('MemoryChannelState signal cap', () => {
  it('property: the merged state never serialises past the cap, and equals folding the accepted diffs', () => {
    fc.assert(
      fc.property(diffs, fc.integer({ min: 16, max: 400 }), (ops, cap) => {
        const state = new MemoryChannelState(0, cap);
        let expected: SignalState = {};
        let lost = false;
        ops.forEach((d, i) => {
          const raw = new TextEncoder().encode(JSON.stringify(d));
          const err = state.recordSignal(encodeMessage({ ...SIGNAL_HEADER, seq: i }, raw), false);
          if (err === null) expected = mergeSignal(expected, d);
          else expect(err.code).toBe('PAYLOAD_TOO_LARGE');
          // A sync measured over the cap is dropped (late joiners then ask the source).
          if (state.signalLost) lost = true;
          if (lost) return;
          const sync = state.signalSync();
          const bytes = sync ? sync.byteLength - 16 : 0;
          expect(bytes).toBeLessThanOrEqual(cap);
          if (sync) expect(json(sync)).toEqual(expected);
        });
      }),
      { numRuns: 40 },
    );
  });

  it('a resync is the base SignalSync plus the diffs since: nothing rebuilt per diff', () => {
    const state = new MemoryChannelState(0);
    state.recordSignal(signal(1, { a: 1 }, true), true);
    const base = state.signalResync()![0];
    for (let i = 2; i < 100; i++) state.recordSignal(signal(i, { [`k${i % 7}`]: i }), false);
    const resync = state.signalResync()!;
    expect(resync[0]).toBe(base); // the same message object: not merged or serialised again
    expect(resync.length).toBe(99);
    let folded: SignalState = {};
    for (const m of resync)
      folded =
        m[0] === FrameType.SignalSync
          ? (json(m) as SignalState)
          : mergeSignal(folded, json(m) as SignalState);
    expect(folded).toEqual(json(state.signalSync()!));
    // A late join builds the merged sync once; later joins (no change) reuse it.
    expect(state.signalSync()).toBe(state.signalSync());
  });

  it('a state dropped for measuring over the cap takes no diff: a late joiner never gets a partial state', () => {
    const cap = 60;
    const state = new MemoryChannelState(0, cap);
    state.recordSignal(signal(1, {}, true), true);
    // 55 bytes as written, 63 once merged: 1e300 serialises as 1e+300.
    const wide = encodeMessage(
      { ...SIGNAL_HEADER, seq: 2 },
      new TextEncoder().encode(`{"a":[${Array(8).fill('1e300').join(',')}]}`),
    );
    expect(state.recordSignal(wide, false)).toBeNull();
    // This diff makes the cap check measure the merge, which is over the cap: the state goes.
    expect(state.recordSignal(signal(3, { b: 1 }), false)).toBeNull();
    expect(state.signalLost).toBe(true);
    expect(state.signalSync()).toBeNull(); // not {"b":1}: that would drop "a" for the joiner
    expect(state.signalResync()).toBeNull();
    expect(state.retainedBytes).toBe(0);
    // The source's next SignalSync restores it.
    state.recordSignal(signal(4, { fresh: true }, true), true);
    expect(state.signalLost).toBe(false);
    expect(json(state.signalSync()!)).toEqual({ fresh: true });
  });

  it('signalSync never throws and a refused sync keeps the previous state', () => {
    const state = new MemoryChannelState(0);
    state.recordSignal(signal(1, { keep: true }, true), true);
    expect(state.recordSignal(deepSync(10_000), true)?.code).toBe('BAD_JSON');
    expect(state.recordSignal(signal(3, { more: 1 }), false)).toBeNull();
    expect(json(state.signalSync()!)).toEqual({ keep: true, more: 1 });
  });
});
