// Composition layers across relays clustered over a real nats-server: a layer is an ordinary
// sub-channel `<channel>:<name>`, so the cluster carries its frames and its one-source rule unchanged.
import { RelayCloseCode } from '@ds-stream/react/relay';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FrameType } from '../../src/protocol/index';
import { clusterRelay, fromSource, meshed, waitStatus } from './cluster-helpers';
import { closeAll, connect, delta, pixels, until } from './helpers';
import { type NatsServer, startNats } from './nats-server';

let nats: NatsServer;
beforeAll(async () => {
  nats = await startNats();
});
afterAll(() => nats?.dispose());
afterEach(closeAll);

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
