// One receiver cannot flood the source: each receiver's input goes through a token bucket on
// messages and bytes; the excess is dropped and counted, a persistent flooder is closed 1008,
// and other receivers keep every frame (issue 15, item 4).
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { InputBudget, type InputLimits, InputVerdict } from '../../relay-dev/input-budget';
import { RELAY_DEFAULTS } from '../../relay-dev/options';
import { encodeInput, Flag, FrameType, InputType, readHeader } from '../../src/core';
import { closeAll, connect, pixels, startRelay, typeOf } from './helpers';

afterEach(closeAll);

const limits: InputLimits = {
  inputRate: 100,
  inputBurst: 200,
  inputBytesRate: 10_000,
  inputBytesBurst: 20_000,
  inputDropLimit: 50,
  inputDropWindowMs: 1000,
};

describe('InputBudget (bucket math, virtual time)', () => {
  it('lets a full burst through, then the refill rate; drops take nothing', () => {
    const b = new InputBudget(limits, 0);
    for (let i = 0; i < 200; i++) expect(b.take(20, 0)).toBe(InputVerdict.Pass);
    expect(b.take(20, 0)).toBe(InputVerdict.OverMessages);
    // 100 msg/s: 250 ms refills 25 messages, no more.
    let passed = 0;
    for (let i = 0; i < 40; i++) if (b.take(20, 250) === InputVerdict.Pass) passed++;
    expect(passed).toBe(25);
    expect(b.dropped).toBe(16);
    // Never more than the burst, however long the pause.
    passed = 0;
    for (let i = 0; i < 300; i++) if (b.take(1, 3_600_000) === InputVerdict.Pass) passed++;
    expect(passed).toBe(200);
  });

  it('limits bytes on their own bucket', () => {
    const b = new InputBudget(limits, 0);
    expect(b.take(15_000, 0)).toBe(InputVerdict.Pass);
    expect(b.take(6_000, 0)).toBe(InputVerdict.OverBytes);
    expect(b.take(5_000, 0)).toBe(InputVerdict.Pass);
    expect(b.take(10_000, 1000)).toBe(InputVerdict.Pass); // 1 s refills 10,000 bytes
    expect(b.take(30_000, 1_000_000)).toBe(InputVerdict.OverBytes); // bigger than the bucket: never
  });

  it('calls more than inputDropLimit drops in one window abuse; a new window starts afresh', () => {
    const b = new InputBudget({ ...limits, inputRate: 1 }, 0);
    for (let i = 0; i < 200; i++) b.take(1, 0);
    for (let i = 0; i < 50; i++) expect(b.take(1, 10)).toBe(InputVerdict.OverMessages);
    expect(b.take(1, 10)).toBe(InputVerdict.Abuse);
    const c = new InputBudget({ ...limits, inputRate: 1 }, 0);
    for (let i = 0; i < 200; i++) c.take(1, 0);
    for (let i = 0; i < 50; i++) c.take(1, 10);
    expect(c.take(1, 1010)).not.toBe(InputVerdict.Abuse); // window 0..1000 is over
  });

  it('defaults never limit a person: 500 input/s with Acks for a minute passes whole', () => {
    const b = new InputBudget(RELAY_DEFAULTS, 0);
    const pointer = encodeInput({ kind: 'pointer', x: 1, y: 2, buttons: 0 }).byteLength;
    for (let ms = 0; ms < 60_000; ms += 2) b.take(pointer, ms);
    expect(b.dropped).toBe(0);
  });
});

describe('input flood through the relay', () => {
  it('a receiver sending 50,000 Pointers: the source gets at most the budget, drops are counted, the flooder is closed 1008, the other receiver misses nothing', async () => {
    const options = { inputRate: 100, inputBurst: 200, inputDropLimit: 1000 };
    const relay = await startRelay(options);
    const source = await connect(relay, 'flood', 'source');
    const good = await connect(relay, 'flood', 'receiver');
    const isPointer = (m: Uint8Array): boolean =>
      typeOf(m) === InputType.Pointer && (m[1]! & Flag.Input) !== 0;
    // The good receiver's own input passes whole, and tells us its id.
    for (let i = 0; i < 50; i++) good.send(encodeInput({ kind: 'pointer', x: i, y: 0, buttons: 0 }, i));
    await source.find((m) => isPointer(m) && readHeader(m).seq === 49); // input arrives in order
    const goodId = readHeader(source.received.find(isPointer)!).width;

    const t0 = performance.now();
    const flooder = await connect(relay, 'flood', 'receiver');
    const pointer = encodeInput({ kind: 'pointer', x: 9, y: 9, buttons: 1 });
    const frames = 300;
    let seq = 0;
    await new Promise<void>((resolve) => {
      let sent = 0;
      const chunk = (): void => {
        for (let i = 0; i < 1000 && flooder.ws.readyState === WebSocket.OPEN; i++, sent++)
          flooder.ws.send(pointer);
        for (let i = 0; i < 6 && seq < frames; i++) source.send(pixels(++seq, 4, 2));
        if (sent < 50_000 && flooder.ws.readyState === WebSocket.OPEN) setImmediate(chunk);
        else resolve();
      };
      chunk();
    });
    while (seq < frames) source.send(pixels(++seq, 4, 2));
    const closed = await flooder.closed;
    expect(closed.code).toBe(1008);
    expect(closed.reason).toMatch(/input flood/);

    // Every frame reached the good receiver, in order, none missing.
    await good.waitForCount(1 + frames, 10_000);
    const seqs = good.received.filter((m) => typeOf(m) === FrameType.Pixels).map((m) => readHeader(m).seq);
    expect(seqs).toEqual(Array.from({ length: frames }, (_, i) => i + 1));
    expect(good.ws.readyState).toBe(WebSocket.OPEN);

    // Nothing more arrives from the flooder once it is closed: count after a round trip.
    await new Promise<void>((resolve) => source.ws.once('pong', () => resolve()).ping());
    const elapsed = (performance.now() - t0) / 1000;
    const fromFlooder = source.received.filter((m) => isPointer(m) && readHeader(m).width !== goodId).length;
    // Bucket math: the full burst, plus at most the refill over the flooder's whole life.
    expect(fromFlooder).toBeGreaterThanOrEqual(options.inputBurst);
    expect(fromFlooder).toBeLessThanOrEqual(options.inputBurst + Math.ceil(options.inputRate * elapsed));
    expect(source.received.filter((m) => isPointer(m) && readHeader(m).width === goodId)).toHaveLength(50);

    const metrics = await relay.metrics();
    // Exactly the drops that crossed the limit, then nothing (a closed peer's input goes nowhere).
    expect(metrics).toContain(
      `ds_relay_input_dropped_total{reason="messages"} ${options.inputDropLimit + 1}`,
    );
    expect(metrics).toContain('ds_relay_closed_by_relay_total{reason="input_flood"} 1');
  }, 30_000);
});
