// Composition layers across relays clustered over a real nats-server: a layer is an ordinary
// sub-channel `<channel>:<name>`, so the cluster carries its frames and its one-source rule unchanged.
import { RelayCloseCode } from '@ds-stream/react/relay';
import { jetstream } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connect as natsConnect } from '@nats-io/transport-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type CompositionLayer,
  decodeLayerDirectory,
  decodeMessage,
  encodeLayerPlacement,
  FrameType,
  type LayerPlacement,
} from '../../src/protocol/index';
import { clusterRelay, fromSource, meshed, waitStatus } from './cluster-helpers';
import { closeAll, connect, delta, pixels, type TestClient, until } from './helpers';
import { type NatsServer, startNats } from './nats-server';
import { asRelay, killRelayProcesses, startRelayProcess } from './relay-process';

const place = (p: Partial<LayerPlacement>): Uint8Array =>
  encodeLayerPlacement(
    { z: 0, x: 0, y: 0, width: 8, height: 4, opacity: 255, input: true, ...p },
    { seq: 0, timestamp: 0 },
  );
/** The layers of the latest LayerDirectory a base receiver got (empty before any). */
function latestLayers(c: TestClient): CompositionLayer[] {
  const dirs = c.received.filter((m) => m[0] === FrameType.LayerDirectory);
  const last = dirs[dirs.length - 1];
  return last ? decodeLayerDirectory(decodeMessage(last)).layers : [];
}
/** "name:online|offline" for each listed layer, in directory order (z, then name). */
const summary = (c: TestClient): string =>
  latestLayers(c)
    .map((l) => `${l.name}:${l.online ? 'online' : 'offline'}`)
    .join(',');

/** Resolves once the cluster's KV bucket holds every key of `keys`. */
async function stateInKv(keys: readonly string[]): Promise<void> {
  const nc = await natsConnect({ servers: nats.url });
  try {
    const kv = await new Kvm(jetstream(nc)).open('ds_channels');
    const have = new Set<string>();
    const deadline = Date.now() + 10_000;
    while (!keys.every((k) => have.has(k))) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for KV keys ${keys.join(', ')}`);
      for (const k of keys) if ((await kv.get(k))?.operation === 'PUT') have.add(k);
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    await nc.close();
  }
}

let nats: NatsServer;
beforeAll(async () => {
  nats = await startNats();
});
afterAll(() => nats?.dispose());
afterEach(async () => {
  killRelayProcesses();
  await closeAll();
});

describe('composition layers in a cluster', () => {
  it("carries a layer's frames to another relay and keeps one source per layer across relays", async () => {
    const [a, b] = await Promise.all([clusterRelay(nats), clusterRelay(nats)]);
    await meshed([a, b]);
    const source = await connect(a, 'mesh', 'source&layer=scene');
    const onB = await connect(b, 'mesh', 'receiver&layer=scene');
    await waitStatus(onB, 'online');
    const frames = [pixels(1, 8, 4, 0x33), delta(2, 40), delta(3, 12)];
    for (const f of frames) source.send(f);
    await until(() => fromSource(onB).length >= frames.length, "the layer's frames on relay B");
    expect(fromSource(onB)).toEqual(frames);
    // The same layer's second source, on the other relay: refused as on one relay.
    const second = await connect(b, 'mesh', 'source&layer=scene');
    expect((await second.closed).code).toBe(RelayCloseCode.SourceExists);
    // Another layer of the same channel is its own sub-channel: admitted on B (its Roster snapshot says so).
    const other = await connect(b, 'mesh', 'source&layer=pip');
    await other.find((m) => m[0] === FrameType.Roster);
    expect(other.ws.readyState).toBe(other.ws.OPEN);
    expect(onB.received.some((m) => m[0] === FrameType.LayerDirectory)).toBe(false);
  });
});

describe('the composition directory across a cluster', () => {
  it("lists every relay's layers to a base receiver on a third relay, offline when one leaves", async () => {
    const [a, b, c] = await Promise.all([clusterRelay(nats), clusterRelay(nats), clusterRelay(nats)]);
    await meshed([a, b, c]);
    const scene = await connect(a, 'dirmesh', 'source&layer=scene');
    const pip = await connect(b, 'dirmesh', 'source&layer=pip');
    await Promise.all([scene, pip].map((s) => s.find((m) => m[0] === FrameType.Roster)));
    scene.send(place({ z: 0, width: 16, height: 8 }));
    pip.send(place({ z: 1, x: 10, y: 4, width: 6, height: 4, input: false }));
    const sceneKey = pixels(1, 16, 8, 0x44);
    const pipKey = pixels(1, 6, 4, 0x55);
    scene.send(sceneKey);
    pip.send(pipKey);

    // The composite's receiver on C, where neither source is: both layers, online, as placed.
    const base = await connect(c, 'dirmesh', 'receiver');
    await until(() => summary(base) === 'scene:online,pip:online', `both layers on C (${summary(base)})`);
    expect(latestLayers(base)).toEqual([
      { name: 'scene', z: 0, x: 0, y: 0, width: 16, height: 8, opacity: 255, input: true, online: true },
      { name: 'pip', z: 1, x: 10, y: 4, width: 6, height: 4, opacity: 255, input: false, online: true },
    ]);
    const dir = decodeLayerDirectory(
      decodeMessage(base.received.filter((m) => m[0] === FrameType.LayerDirectory).at(-1)!),
    );
    expect([dir.width, dir.height]).toEqual([16, 8]);

    // The composite works from C: each listed layer opens there and its keyframe comes (from
    // the layer's KV snapshot, as for any late joiner on another relay than the source's).
    await stateInKv(['dirmesh=3Ascene.state', 'dirmesh=3Apip.state']);
    const seeScene = await connect(c, 'dirmesh', 'receiver&layer=scene');
    const seePip = await connect(c, 'dirmesh', 'receiver&layer=pip');
    expect(await seeScene.find((m) => m[0] === FrameType.Pixels, 10_000)).toEqual(sceneKey);
    expect(await seePip.find((m) => m[0] === FrameType.Pixels, 10_000)).toEqual(pipKey);

    // The layer on B loses its source: C's directory shows it offline (C still holds its state).
    pip.ws.close();
    await until(() => summary(base) === 'scene:online,pip:offline', `pip offline on C (${summary(base)})`);
    // A late base receiver on C gets the same directory on join.
    const late = await connect(c, 'dirmesh', 'receiver');
    await until(() => summary(late) === 'scene:online,pip:offline', `the late receiver (${summary(late)})`);
  });

  it("a relay killed with SIGKILL: its layer turns offline on C's directory (held there), the other stays", async () => {
    const [a, c] = await Promise.all([clusterRelay(nats), clusterRelay(nats)]);
    const proc = await startRelayProcess(['--nats', nats.url], 'NATS connected: cluster on');
    const b = asRelay(proc);
    const scene = await connect(a, 'dirkill', 'source&layer=scene');
    const pip = await connect(b, 'dirkill', 'source&layer=pip');
    await Promise.all([scene, pip].map((s) => s.find((m) => m[0] === FrameType.Roster)));
    scene.send(place({ width: 16, height: 8 }));
    pip.send(place({ z: 1, width: 4, height: 4 }));
    const base = await connect(c, 'dirkill', 'receiver');
    // C holds pip's sub-channel (a receiver of that layer), so pip stays listed once B is gone.
    await connect(c, 'dirkill', 'receiver&layer=pip');
    await until(() => summary(base) === 'scene:online,pip:online', `both layers on C (${summary(base)})`);
    await proc.kill();
    // B sends nothing more (no empty list, no offline note): three of its heartbeats unheard.
    await until(
      () => summary(base) === 'scene:online,pip:offline',
      `pip offline on C (${summary(base)})`,
      15_000,
    );
  });
});
