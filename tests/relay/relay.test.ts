import { RelayCloseCode } from '@ds-stream/react/relay';
import { afterEach, describe, expect, it } from 'vitest';
import {
  decodeInput,
  decodeMessage,
  decodeStreamStatus,
  encodeEnd,
  encodeInput,
  encodeMessage,
  encodePing,
  Flag,
  FrameType,
  InputType,
  readHeader,
} from '../../src/protocol/index';
import { closeAll, connect, delta, isInput, mixedFrames, pixels, sleep, startRelay, typeOf } from './helpers';

afterEach(closeAll);

const status = (m: Uint8Array) => decodeStreamStatus(decodeMessage(m));

describe('relay fan-out and roles', () => {
  it('fans every source frame out to every receiver byte-for-byte', async () => {
    const relay = await startRelay();
    const source = await connect(relay, 'fan', 'source');
    const receivers = await Promise.all([1, 2, 3].map(() => connect(relay, 'fan', 'receiver')));
    for (const r of receivers) expect(status(await r.next())).toMatchObject({ status: 'online' });
    const frames = mixedFrames();
    for (const f of frames) source.send(f);
    for (const r of receivers) {
      for (const f of frames) expect(await r.next()).toEqual(f);
    }
  });

  it('sends receivers input to the source only, byte-for-byte', async () => {
    const relay = await startRelay();
    const source = await connect(relay, 'input', 'source');
    const a = await connect(relay, 'input', 'receiver');
    const b = await connect(relay, 'input', 'receiver');
    const pointer = encodeInput({ kind: 'pointer', x: 10, y: 20, buttons: 1 }, 1, 2);
    const key = encodeInput({ kind: 'keydown', keyCode: 65, modifiers: 0 }, 2, 3);
    a.send(pointer);
    b.send(key);
    const gotPointer = await source.find(isInput(InputType.Pointer));
    const gotKey = await source.find(isInput(InputType.KeyDown));
    // Byte-for-byte except width (bytes 8-9), where the relay stamps the sender's id.
    const idA = readHeader(gotPointer).width;
    const idB = readHeader(gotKey).width;
    expect(idA).toBeGreaterThan(0);
    expect(idB).toBeGreaterThan(0);
    expect(idA).not.toBe(idB);
    const unstamped = gotPointer.slice();
    unstamped[8] = 0;
    unstamped[9] = 0;
    expect(unstamped).toEqual(pointer);
    expect(decodeInput(decodeMessage(gotKey))).toEqual({ kind: 'keydown', keyCode: 65, modifiers: 0 });
    // The same receiver keeps its id.
    a.send(encodeInput({ kind: 'pointerup', x: 1, y: 2, buttons: 0 }, 3, 4));
    expect(readHeader(await source.find(isInput(InputType.PointerUp))).width).toBe(idA);
    await sleep(50);
    // Receivers saw only their StreamStatus, never each other's input.
    expect(a.received.map(typeOf)).toEqual([FrameType.StreamStatus]);
    expect(b.received.map(typeOf)).toEqual([FrameType.StreamStatus]);
  });

  it('tells the source its receiver count', async () => {
    const relay = await startRelay();
    const source = await connect(relay, 'count', 'source');
    await connect(relay, 'count', 'receiver');
    await connect(relay, 'count', 'receiver');
    const two = await source.find((m) => typeOf(m) === FrameType.StreamStatus && status(m).receivers === 2);
    expect(status(two)).toEqual({ status: 'online', receivers: 2 });
  });

  it('closes a receiver that publishes a frame with 4403 and keeps serving the others', async () => {
    const relay = await startRelay();
    const source = await connect(relay, 'pub', 'source');
    const bad = await connect(relay, 'pub', 'receiver');
    const good = await connect(relay, 'pub', 'receiver');
    bad.send(pixels(1));
    expect(await bad.closed).toEqual({
      code: 4403,
      reason: 'receivers cannot publish frames (FLAG_INPUT missing)',
    });
    await good.next();
    source.send(delta(2));
    expect(await good.next()).toEqual(delta(2));
  });

  it('refuses a second source with 4409; the first keeps streaming', async () => {
    const relay = await startRelay();
    const first = await connect(relay, 'two', 'source');
    const second = await connect(relay, 'two', 'source');
    expect(await second.closed).toEqual({
      code: RelayCloseCode.SourceExists,
      reason: 'channel two already has a source',
    });
    const r = await connect(relay, 'two', 'receiver');
    await r.next();
    first.send(pixels(1));
    expect(await r.next()).toEqual(pixels(1));
  });

  it('closes a source that sends input (4403) or relay-only types (4403)', async () => {
    const relay = await startRelay();
    const a = await connect(relay, 'src-in', 'source');
    a.send(encodeInput({ kind: 'pointer', x: 1, y: 1, buttons: 0 }));
    expect(await a.closed).toEqual({ code: 4403, reason: 'a source cannot send input messages' });
    const b = await connect(relay, 'src-in', 'source');
    b.send(
      encodeMessage({ type: FrameType.StreamStatus, flags: 0, seq: 0, timestamp: 0, width: 0, height: 0 }),
    );
    expect((await b.closed).code).toBe(4403);
  });

  it('closes a source whose DeltaPixels carries FLAG_KEYFRAME (1007), the rule the codec applies', async () => {
    const relay = await startRelay();
    const source = await connect(relay, 'delta-key', 'source');
    const watcher = await connect(relay, 'delta-key', 'receiver');
    await watcher.next(); // StreamStatus
    const bad = delta(1);
    bad[1] = Flag.Keyframe;
    source.send(bad);
    const closed = await source.closed;
    expect(closed.code).toBe(1007);
    expect(closed.reason).toContain('FLAG_KEYFRAME');
    // It never reached the receiver, nor the channel's keyframe a late joiner would get.
    const late = await connect(relay, 'delta-key', 'receiver');
    await late.next();
    await sleep(50);
    expect(watcher.received.some((m) => m[0] === FrameType.DeltaPixels)).toBe(false);
    expect(late.received.some((m) => m[0] === FrameType.DeltaPixels)).toBe(false);
  });

  it('answers Ping with Pong to sources and receivers (relay round trip)', async () => {
    const relay = await startRelay();
    const source = await connect(relay, 'ping', 'source');
    const r = await connect(relay, 'ping', 'receiver');
    source.send(encodePing({ seq: 5, timestamp: 1234 }, new Uint8Array([1, 2])));
    r.send(encodePing({ seq: 6, timestamp: 99, input: true }));
    const pong = decodeMessage(await source.find((m) => typeOf(m) === FrameType.Pong));
    expect(pong.header).toMatchObject({ seq: 5, timestamp: 1234, flags: 0 });
    expect(Array.from(pong.payload)).toEqual([1, 2]);
    const rp = decodeMessage(await r.find((m) => typeOf(m) === FrameType.Pong));
    expect(rp.header).toMatchObject({ seq: 6, timestamp: 99 });
  });
});

describe('relay lifecycle', () => {
  it('forwards End; a receiver joining after End learns the stream ended and gets no stale picture', async () => {
    const relay = await startRelay();
    const source = await connect(relay, 'end', 'source');
    const r = await connect(relay, 'end', 'receiver');
    await r.next();
    source.send(pixels(1));
    const end = encodeEnd({ seq: 2, timestamp: 66 });
    source.send(end);
    expect(await r.next()).toEqual(pixels(1));
    expect(await r.next()).toEqual(end);
    const late = await connect(relay, 'end', 'receiver');
    expect(status(await late.next()).status).toBe('ended');
    await sleep(50);
    expect(late.received).toHaveLength(1);
  });

  it('tells receivers the source went offline, and resumes when it reconnects', async () => {
    const relay = await startRelay();
    const s1 = await connect(relay, 'resume', 'source');
    const r = await connect(relay, 'resume', 'receiver');
    expect(status(await r.next()).status).toBe('online');
    s1.send(pixels(1));
    s1.send(delta(2));
    expect(await r.next()).toEqual(pixels(1));
    expect(await r.next()).toEqual(delta(2));
    s1.ws.close();
    expect(status(await r.next())).toEqual({ status: 'offline', receivers: 1 });

    const s2 = await connect(relay, 'resume', 'source');
    expect(status(await r.next()).status).toBe('online');
    // The relay asks the new source for a keyframe ...
    expect(await s2.find(isInput(InputType.KeyframeRequest))).toBeDefined();
    // ... and holds its deltas until that keyframe, since they do not apply to the old picture.
    s2.send(delta(10));
    s2.send(pixels(11));
    s2.send(delta(12));
    expect(await r.next()).toEqual(pixels(11));
    expect(await r.next()).toEqual(delta(12));
  });

  it('closes malformed and oversized messages with a reason and keeps serving everyone else', async () => {
    const relay = await startRelay({ maxPayload: 1024 });
    const source = await connect(relay, 'bad', 'source');
    const r = await connect(relay, 'bad', 'receiver');
    await r.next();
    const cases: [Uint8Array | string, number, RegExp][] = [
      [new Uint8Array(10), 1002, /^TRUNCATED/],
      [delta(1, 32).subarray(0, 40), 1002, /^LENGTH_MISMATCH/],
      [
        encodeMessage({ type: 0x7a, flags: 0, seq: 0, timestamp: 0, width: 0, height: 0 }),
        1002,
        /^UNKNOWN_TYPE/,
      ],
      ['hello', 1003, /text messages/],
      [delta(1, 2000), 1009, /^PAYLOAD_TOO_LARGE: message larger than 16 \+ max payload \(1040 bytes\)/],
    ];
    for (const [bytes, code, reason] of cases) {
      const peer = await connect(relay, 'bad', 'receiver');
      const msg =
        typeof bytes === 'string' ? bytes : bytes[1] === 0 && bytes.length >= 2 ? withInput(bytes) : bytes;
      peer.ws.send(msg);
      const closed = await peer.closed;
      expect(closed.code).toBe(code);
      expect(closed.reason).toMatch(reason);
    }
    // A malformed source is closed too; the receiver stays connected throughout.
    const bad = await connect(relay, 'bad2', 'source');
    bad.send(new Uint8Array(3));
    expect((await bad.closed).code).toBe(1002);
    source.send(pixels(5));
    expect(await r.next()).toEqual(pixels(5));
    expect(r.ws.readyState).toBe(r.ws.OPEN);
  });

  it('serves /healthz and Prometheus /metrics on the same port', async () => {
    const relay = await startRelay();
    const source = await connect(relay, 'obs', 'source');
    const r = await connect(relay, 'obs', 'receiver');
    await r.next();
    source.send(pixels(1));
    await r.next();
    const http = relay.url.replace('ws:', 'http:');
    const health = await fetch(`${http}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', channels: 1, sources: 1, receivers: 1 });
    const text = await (await fetch(`${http}/metrics`)).text();
    expect(text).toContain('ds_relay_frames_in_total{type="Pixels"} 1');
    expect(text).toContain('ds_relay_frames_out_total{type="Pixels"} 1');
    expect(text).toContain('ds_relay_connections{role="receiver"} 1');
    expect(text).toContain('ds_relay_channels 1');
    expect(text).toMatch(/ds_relay_fanout_seconds_count 1/);
    expect((await fetch(`${http}/no:pe`)).status).toBe(404);
    expect((await fetch(`${http}/obs`)).status).toBe(426);
  });

  it('close() sends End to receivers and closes every socket with 1001', async () => {
    const relay = await startRelay();
    const source = await connect(relay, 'bye', 'source');
    const r = await connect(relay, 'bye', 'receiver');
    await r.next();
    await relay.close();
    expect(typeOf(await r.next())).toBe(FrameType.End);
    expect(await r.closed).toEqual({ code: 1001, reason: 'relay shutting down' });
    expect((await source.closed).code).toBe(1001);
  });
});

// Receivers must send input; give a frame FLAG_INPUT so the malformed-case checks reach the length check.
function withInput(bytes: Uint8Array): Uint8Array {
  const copy = bytes.slice();
  copy[1] = Flag.Input;
  return copy;
}

describe('hostile peers', () => {
  it('property: random messages only ever close the sender, with a known code; others keep streaming', async () => {
    const { default: fc } = await import('fast-check');
    const relay = await startRelay({ maxPayload: 4096 });
    const source = await connect(relay, 'hostile', 'source');
    const watcher = await connect(relay, 'hostile', 'receiver');
    const srcWatcher = await connect(relay, 'hostile-src', 'receiver');
    await watcher.next();
    const header = fc.tuple(
      fc.integer({ min: 0, max: 255 }),
      fc.integer({ min: 0, max: 7 }),
      fc.uint8Array({ minLength: 10, maxLength: 10 }),
    );
    const message = fc.oneof(
      fc.uint8Array({ maxLength: 64 }),
      fc
        .tuple(header, fc.uint8Array({ maxLength: 128 }), fc.integer({ min: -2, max: 2 }))
        .map(([[type, flags, rest], payload, skew]) => {
          const m = new Uint8Array(16 + payload.length);
          m.set([type, flags, ...rest], 0);
          new DataView(m.buffer).setUint32(12, Math.max(0, payload.length + skew), true);
          m.set(payload, 16);
          return m;
        }),
    );
    const samples = fc.sample(fc.tuple(fc.constantFrom('source', 'receiver'), message), {
      numRuns: 150,
      seed: 42,
    });
    const allowed = new Set([1002, 1003, 1007, 1009, 4403]);
    let seq = 0;
    for (const [role, bytes] of samples) {
      // Hostile sources get a channel of their own (this one has a source: they would get 4409).
      const peer = await connect(relay, role === 'source' ? 'hostile-src' : 'hostile', role);
      peer.send(bytes);
      source.send(delta(++seq, 8));
      expect(
        await watcher.find((m) => m[0] === FrameType.DeltaPixels && (m[2]! | (m[3]! << 8)) === seq),
      ).toBeDefined();
      peer.ws.close();
      const { code } = await peer.closed;
      if (code !== 1000 && code !== 1005) expect(allowed).toContain(code);
    }
    expect(watcher.ws.readyState).toBe(watcher.ws.OPEN);
    expect(srcWatcher.ws.readyState).toBe(srcWatcher.ws.OPEN);
    expect(srcWatcher.received.length).toBeGreaterThan(1); // it saw each hostile source come and go
  }, 30_000);
});
