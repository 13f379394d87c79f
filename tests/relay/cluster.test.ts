// Relays clustered over a real nats-server: frames, input and state across relays.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { encodeInput, InputType, readHeader } from '../../src/protocol/index';
import { clusterRelay, fromSource, meshed, waitStatus } from './cluster-helpers';
import { closeAll, connect, delta, isInput, mixedFrames, pixels, until } from './helpers';
import { type NatsServer, startNats } from './nats-server';

let nats: NatsServer;
beforeAll(async () => {
  nats = await startNats();
});
afterAll(() => nats?.dispose());
afterEach(closeAll);

describe('relays clustered over NATS', () => {
  it('delivers a source on A to receivers on B and C: the same bytes in the same order', async () => {
    const [a, b, c] = await Promise.all([clusterRelay(nats), clusterRelay(nats), clusterRelay(nats)]);
    await meshed([a, b, c]);
    const source = await connect(a, 'same-bytes', 'source');
    const onB = await connect(b, 'same-bytes', 'receiver');
    const onC = await connect(c, 'same-bytes', 'receiver');
    await Promise.all([waitStatus(onB, 'online'), waitStatus(onC, 'online')]);
    const frames = mixedFrames();
    for (let i = 6; i < 60; i++) frames.push(delta(i, 100 + i));
    for (const f of frames) source.send(f);
    for (const r of [onB, onC]) {
      await until(() => fromSource(r).length >= frames.length, 'every frame on the remote relay');
      expect(fromSource(r)).toEqual(frames);
    }
  });

  it('fragments a frame over NATS max_payload (1 MiB) and puts it back byte for byte', async () => {
    const [a, b] = await Promise.all([clusterRelay(nats), clusterRelay(nats)]);
    const source = await connect(a, 'big', 'source');
    const onB = await connect(b, 'big', 'receiver');
    await waitStatus(onB, 'online');
    // 2.5 MB: three NATS messages at the default max_payload.
    const big = pixels(1, 800, 800, 0);
    for (let i = 16; i < big.byteLength; i += 997) big[i] = i & 0xff;
    source.send(big);
    source.send(delta(2, 64));
    await until(() => fromSource(onB).length >= 2, 'the large frame and the next');
    // Buffer.equals, not toEqual: a deep compare of 2.5 M elements takes vitest seconds.
    const got = fromSource(onB)[0]!;
    expect(got.byteLength).toBe(big.byteLength);
    expect(Buffer.from(got).equals(Buffer.from(big))).toBe(true);
    expect(fromSource(onB)[1]).toEqual(delta(2, 64));
    const metrics = await a.metrics();
    expect(metrics).toMatch(/ds_relay_nats_messages_out_total\{type="Pixels"\} 1/);
    expect(metrics).toMatch(/ds_relay_nats_connected 1/);
  });

  it('takes input from receivers on B and C to the source on A, each with its own id', async () => {
    const [a, b, c] = await Promise.all([clusterRelay(nats), clusterRelay(nats), clusterRelay(nats)]);
    const source = await connect(a, 'input-x', 'source');
    const onB = await connect(b, 'input-x', 'receiver');
    const onC = await connect(c, 'input-x', 'receiver');
    await Promise.all([waitStatus(onB, 'online'), waitStatus(onC, 'online')]);
    const pointer = encodeInput({ kind: 'pointer', x: 10, y: 20, buttons: 1 }, 1, 2);
    const key = encodeInput({ kind: 'keydown', keyCode: 65, modifiers: 0 }, 2, 3);
    onB.send(pointer);
    onC.send(key);
    const gotPointer = await source.find(isInput(InputType.Pointer));
    const gotKey = await source.find(isInput(InputType.KeyDown));
    const unstamped = gotPointer.slice();
    unstamped[8] = 0;
    unstamped[9] = 0;
    expect(unstamped).toEqual(pointer);
    // Both are the first receiver of their relay (local id 1 each): A gives each its own id.
    const ids = [readHeader(gotPointer).width, readHeader(gotKey).width];
    expect(ids[0]).toBeGreaterThan(0);
    expect(ids[1]).toBeGreaterThan(0);
    expect(ids[0]).not.toBe(ids[1]);
    // The same receiver keeps its id.
    onB.send(encodeInput({ kind: 'pointerup', x: 1, y: 2, buttons: 0 }, 3, 4));
    const up = await source.find(isInput(InputType.PointerUp));
    expect(readHeader(up).width).toBe(ids[0]);
  });
});
