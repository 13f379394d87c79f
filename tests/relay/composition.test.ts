// Composition layers (issue 21) through real sockets and a real relay: each layer is the
// sub-channel `<channel>:<name>`; the base channel's receivers get a LayerDirectory.
import { createToken, type Relay, RelayCloseCode } from '@ds-stream/react/relay';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type CompositionLayer,
  decodeLayerDirectory,
  decodeMessage,
  encodeInput,
  encodeLayerDirectory,
  encodeLayerPlacement,
  encodeMessage,
  Flag,
  FrameType,
  InputType,
  type LayerPlacement,
} from '../../src/protocol/index';
import {
  closeAll,
  connect,
  delta,
  pixels,
  sleep,
  startRelay,
  type TestClient,
  typeOf,
  until,
} from './helpers';

afterEach(closeAll);

const meta = { seq: 0, timestamp: 0 };
const place = (p: Partial<LayerPlacement> = {}): Uint8Array =>
  encodeLayerPlacement({ z: 0, x: 0, y: 0, width: 8, height: 4, opacity: 255, input: true, ...p }, meta);
const isDirectory = (m: Uint8Array) => typeOf(m) === FrameType.LayerDirectory;
const directories = (c: TestClient) =>
  c.received.filter(isDirectory).map((m) => decodeLayerDirectory(decodeMessage(m)));
/** Waits for the `n`th LayerDirectory a client got (1-based) and decodes it. */
async function nthDirectory(c: TestClient, n: number) {
  await c.find(() => c.received.filter(isDirectory).length >= n);
  return directories(c)[n - 1]!;
}
const layerOf = (relay: Relay, channel: string, name: string, role: string, token?: string) =>
  connect(relay, channel, `${role}&layer=${name}`, token ? { token } : {});
/** Admitted: the relay's first message came (a source's Roster, a receiver's StreamStatus) and it is open. */
async function admitted(c: TestClient): Promise<boolean> {
  await c.find((m) => typeOf(m) === FrameType.Roster || typeOf(m) === FrameType.StreamStatus);
  return c.ws.readyState === c.ws.OPEN;
}
const entry = (name: string, p: Partial<CompositionLayer> = {}): CompositionLayer => ({
  name,
  z: 0,
  x: 0,
  y: 0,
  width: 8,
  height: 4,
  opacity: 255,
  input: true,
  online: true,
  ...p,
});

describe('composition layers on the relay', () => {
  it('keeps each layer its own state: a late joiner of each layer gets that layer keyframe and chain', async () => {
    const relay = await startRelay();
    const a = await layerOf(relay, 'comp', 'a', 'source');
    const b = await layerOf(relay, 'comp', 'b', 'source');
    const aFrames = [pixels(1, 8, 4, 0x11), delta(2, 40)];
    const bFrames = [pixels(1, 4, 4, 0x22), delta(2, 24, 4, 4), delta(3, 8, 4, 4)];
    for (const f of aFrames) a.send(f);
    for (const f of bFrames) b.send(f);
    // A receiver of the sub-channel now is a late joiner of that layer only.
    const seeA = await layerOf(relay, 'comp', 'a', 'receiver');
    const seeB = await layerOf(relay, 'comp', 'b', 'receiver');
    expect(typeOf(await seeA.next())).toBe(FrameType.StreamStatus);
    for (const f of aFrames) expect(await seeA.next()).toEqual(f);
    expect(typeOf(await seeB.next())).toBe(FrameType.StreamStatus);
    for (const f of bFrames) expect(await seeB.next()).toEqual(f);
    // Input of a layer receiver reaches that layer's source, never another layer's.
    seeB.send(encodeInput({ kind: 'pointerdown', x: 1, y: 2, buttons: 1 }));
    await b.find((m) => (m[1]! & Flag.Input) !== 0 && m[0] === InputType.PointerDown);
    await sleep(50);
    expect(a.received.some((m) => m[0] === InputType.PointerDown && (m[1]! & Flag.Input) !== 0)).toBe(false);
    expect(seeA.received.some(isDirectory)).toBe(false);
  });

  it('sends the directory to a base receiver on join and on every change, never forwarding placements', async () => {
    const relay = await startRelay();
    const a = await layerOf(relay, 'dir', 'a', 'source');
    const b = await layerOf(relay, 'dir', 'b', 'source');
    a.send(place({ z: 2, width: 16, height: 9 }));
    b.send(place({ z: 1, x: 10, y: 2, width: 4, height: 4, opacity: 128, input: false }));
    // Unplaced layer c is not listed.
    await layerOf(relay, 'dir', 'c', 'source');
    const seeA = await layerOf(relay, 'dir', 'a', 'receiver');
    await seeA.next();
    const composite = await connect(relay, 'dir', 'receiver');
    const first = await nthDirectory(composite, 1);
    expect(first).toEqual({
      width: 16,
      height: 9,
      layers: [
        entry('b', { z: 1, x: 10, y: 2, width: 4, height: 4, opacity: 128, input: false }),
        entry('a', { z: 2, width: 16, height: 9 }),
      ],
    });
    expect(typeOf(composite.received[0]!)).toBe(FrameType.StreamStatus);
    // Moving a layer: a new directory to every base receiver.
    a.send(place({ z: 2, x: 20, width: 16, height: 9 }));
    const moved = await nthDirectory(composite, 2);
    expect(moved.width).toBe(36);
    expect(moved.layers[1]).toEqual(entry('a', { z: 2, x: 20, width: 16, height: 9 }));
    // The same placement again changes nothing and sends nothing.
    a.send(place({ z: 2, x: 20, width: 16, height: 9 }));
    a.send(pixels(5));
    await seeA.find((m) => typeOf(m) === FrameType.Pixels);
    expect(directories(composite)).toHaveLength(2);
    // Placements are consumed: a layer's own receiver never sees one.
    expect(seeA.received.some((m) => typeOf(m) === FrameType.LayerPlacement)).toBe(false);
  });

  it("announces a layer's source leaving as offline, and drops the layer with its sub-channel", async () => {
    const relay = await startRelay();
    const a = await layerOf(relay, 'gone', 'a', 'source');
    const b = await layerOf(relay, 'gone', 'b', 'source');
    a.send(place());
    b.send(place({ z: 1 }));
    const seeA = await layerOf(relay, 'gone', 'a', 'receiver');
    const composite = await connect(relay, 'gone', 'receiver');
    expect((await nthDirectory(composite, 1)).layers.map((l) => l.name)).toEqual(['a', 'b']);
    // a's receiver keeps its sub-channel: a stays listed, offline.
    a.ws.close();
    expect((await nthDirectory(composite, 2)).layers).toEqual([
      entry('a', { online: false }),
      entry('b', { z: 1 }),
    ]);
    // Back online on reconnect, at once (its placement follows).
    const a2 = await layerOf(relay, 'gone', 'a', 'source');
    expect((await nthDirectory(composite, 3)).layers[0]).toEqual(entry('a'));
    a2.ws.close();
    await nthDirectory(composite, 4);
    // The last peer of a's sub-channel leaves: the layer is removed.
    seeA.ws.close();
    expect((await nthDirectory(composite, 5)).layers).toEqual([entry('b', { z: 1 })]);
    // b has no receivers of its own: its source leaving drops the sub-channel, so b goes at once.
    b.ws.close();
    expect(await nthDirectory(composite, 6)).toEqual({ width: 0, height: 0, layers: [] });
  });

  it('refuses the layer source past maxCompositionLayers with 4429, and counts per channel', async () => {
    const relay = await startRelay({ maxCompositionLayers: 2 });
    await layerOf(relay, 'lim', 'a', 'source');
    const b = await layerOf(relay, 'lim', 'b', 'source');
    const c = await layerOf(relay, 'lim', 'c', 'source');
    expect((await c.closed).code).toBe(RelayCloseCode.LimitReached);
    // Another channel has its own count; a receiver of a layer is not a layer.
    const other = await layerOf(relay, 'lim2', 'c', 'source');
    const seeX = await layerOf(relay, 'lim', 'x', 'receiver');
    expect(await admitted(other)).toBe(true);
    expect(await admitted(seeX)).toBe(true);
    // A layer that is gone frees its place.
    b.ws.close();
    await until(() => relay.stats().sources === 2, 'the relay to detach b');
    const again = await layerOf(relay, 'lim', 'c', 'source');
    expect(await admitted(again)).toBe(true);
  });

  it('allows one source per layer (4409), and a bad layer name is 4400', async () => {
    const relay = await startRelay();
    const first = await layerOf(relay, 'one', 'a', 'source');
    const second = await layerOf(relay, 'one', 'a', 'source');
    expect((await second.closed).code).toBe(RelayCloseCode.SourceExists);
    expect(await admitted(first)).toBe(true);
    for (const bad of ['', 'a%3Ab', 'x'.repeat(33), 'a.b']) {
      const c = await layerOf(relay, 'one', bad, 'source');
      expect((await c.closed).code).toBe(RelayCloseCode.BadRequest);
    }
  });

  it('leaves a plain single-source channel as it was: no directory, and LayerPlacement is refused', async () => {
    const relay = await startRelay();
    const layered = await layerOf(relay, 'plain', 'a', 'source');
    const source = await connect(relay, 'plain', 'source');
    const receiver = await connect(relay, 'plain', 'receiver');
    const frames = [pixels(1), delta(2)];
    for (const f of frames) source.send(f);
    expect(typeOf(await receiver.next())).toBe(FrameType.StreamStatus);
    for (const f of frames) expect(await receiver.next()).toEqual(f);
    // An unplaced layer on the channel does not show either.
    expect(receiver.received.some(isDirectory)).toBe(false);
    source.send(place());
    expect((await source.closed).code).toBe(RelayCloseCode.Forbidden);
    // A source may never send a LayerDirectory; a malformed placement is 1007.
    layered.send(encodeLayerDirectory([], meta));
    expect((await layered.closed).code).toBe(RelayCloseCode.Forbidden);
    const bad = await layerOf(relay, 'plain', 'b', 'source');
    bad.send(
      encodeMessage({ type: FrameType.LayerPlacement, flags: 0, seq: 0, timestamp: 0, width: 0, height: 0 }),
    );
    expect((await bad.closed).code).toBe(1007);
  });

  it("verifies a layer's token against the base channel name", async () => {
    const secret = 'composition-secret';
    const relay = await startRelay({ tokenSecret: secret });
    const hour = Date.now() + 3_600_000;
    const ok = await layerOf(relay, 'tok', 'a', 'source', createToken(secret, 'tok', 'source', hour));
    expect(await admitted(ok)).toBe(true);
    const okReceiver = await layerOf(
      relay,
      'tok',
      'a',
      'receiver',
      createToken(secret, 'tok', 'receiver', hour),
    );
    expect(await admitted(okReceiver)).toBe(true);
    for (const token of [
      createToken(secret, 'other', 'source', hour),
      createToken(secret, 'tok', 'receiver', hour),
    ]) {
      const c = await layerOf(relay, 'tok', 'b', 'source', token);
      expect((await c.closed).code).toBe(RelayCloseCode.Unauthorized);
    }
  });
});
