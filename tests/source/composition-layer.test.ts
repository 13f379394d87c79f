// A Node source engine as a composition layer (issue 21) through a real relay: it connects
// with &layer=<id>, places itself on every open and on setLayer, and its frames reach the
// layer's receivers; the base channel's receivers see it in the LayerDirectory.
import {
  channelUrl,
  createSourceEngine,
  type SourceEngine,
  type SourceEngineOptions,
} from '@ds-stream/react/core';
import { describe, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import {
  decodeLayerDirectory,
  decodeMessage,
  FrameType,
  type LayerDirectory,
} from '../../src/protocol/index';
import { connect, startRelay, type TestClient, typeOf } from '../relay/helpers';
import { onCleanup, setUpRelayFixture } from '../transport/relay-fixture';

setUpRelayFixture();

const lastDirectory = (c: TestClient): LayerDirectory | null => {
  const all = c.received.filter((m) => typeOf(m) === FrameType.LayerDirectory);
  return all.length ? decodeLayerDirectory(decodeMessage(all[all.length - 1]!)) : null;
};

function source(url: string, channel: string, layer: SourceEngineOptions['layer']): SourceEngine {
  const engine = createSourceEngine({
    url,
    channel,
    WebSocket,
    mode: 'signal',
    fps: 30,
    pingIntervalMs: 0,
    signalState: () => ({ layer: layer?.id ?? '' }),
    ...(layer ? { layer } : {}),
  });
  onCleanup(() => engine.dispose());
  return engine;
}

describe('a source engine as a composition layer', () => {
  test('places itself on open: listed with defaults, its frames on the layer sub-channel only', async () => {
    const relay = await startRelay();
    const composite = await connect(relay, 'mix', 'receiver');
    const engine = source(relay.url, 'mix', { id: 'score', z: 3, x: 10, y: 20, width: 64, height: 32 });
    engine.connect();
    await expect
      .poll(() => lastDirectory(composite)?.layers)
      .toEqual([
        { name: 'score', z: 3, x: 10, y: 20, width: 64, height: 32, opacity: 255, input: true, online: true },
      ]);
    expect(lastDirectory(composite)).toMatchObject({ width: 74, height: 52 });
    const own = await connect(relay, 'mix', 'receiver&layer=score');
    await own.find((m) => typeOf(m) === FrameType.SignalSync);
    // The base channel gets the directory, never the layer's frames.
    expect(composite.received.some((m) => typeOf(m) === FrameType.SignalSync)).toBe(false);
    expect(own.received.some((m) => typeOf(m) === FrameType.LayerPlacement)).toBe(false);
  });

  test('setLayer moves it at once; the id is fixed; a plain engine has no layer', async () => {
    const relay = await startRelay();
    const composite = await connect(relay, 'move', 'receiver');
    const engine = source(relay.url, 'move', { id: 'pip', x: 0, y: 0, width: 8, height: 8 });
    engine.connect();
    await expect.poll(() => lastDirectory(composite)?.layers.length).toBe(1);
    engine.setLayer({ id: 'pip', z: -1, x: 100, y: 50, width: 40, height: 30, opacity: 128, input: false });
    await expect
      .poll(() => lastDirectory(composite)?.layers[0])
      .toEqual({
        name: 'pip',
        z: -1,
        x: 100,
        y: 50,
        width: 40,
        height: 30,
        opacity: 128,
        input: false,
        online: true,
      });
    expect(() => engine.setLayer({ id: 'other', x: 0, y: 0, width: 1, height: 1 })).toThrow(TypeError);
    expect(() => engine.setLayer({ id: 'pip', x: 0, y: 0, width: 0, height: 1 })).toThrow(
      expect.objectContaining({ code: 'BAD_PAYLOAD' }),
    );
    const plain = source(relay.url, 'move2', undefined);
    expect(() => plain.setLayer({ id: 'pip', x: 0, y: 0, width: 1, height: 1 })).toThrow(TypeError);
  });

  test('places itself again on every reconnect (a fresh relay on the same port lists it)', async () => {
    const first = await startRelay();
    const port = first.port;
    const engine = source(first.url, 'again', { id: 'scene', x: 5, y: 6, width: 7, height: 8 });
    engine.connect();
    const before = await connect(first, 'again', 'receiver');
    await expect.poll(() => lastDirectory(before)?.layers.length).toBe(1);
    await first.close();
    const second = await startRelay({ port });
    await expect.poll(() => engine.store.getState().connection, { timeout: 20_000 }).toBe('open');
    const after = await connect(second, 'again', 'receiver');
    await expect
      .poll(() => lastDirectory(after)?.layers, { timeout: 20_000 })
      .toEqual([
        { name: 'scene', z: 0, x: 5, y: 6, width: 7, height: 8, opacity: 255, input: true, online: true },
      ]);
  });

  test('refuses a bad layer id (BAD_URL) and a placement out of range (BAD_PAYLOAD) at creation', () => {
    expect(() => source('ws://127.0.0.1:1', 'c', { id: 'a:b', x: 0, y: 0, width: 1, height: 1 })).toThrow(
      expect.objectContaining({ code: 'BAD_URL' }),
    );
    expect(() =>
      source('ws://127.0.0.1:1', 'c', { id: 'a', z: 40_000, x: 0, y: 0, width: 1, height: 1 }),
    ).toThrow(expect.objectContaining({ code: 'BAD_PAYLOAD' }));
    expect(channelUrl('ws://r/', 'c', 'source', 't', 'scene_1')).toBe(
      'ws://r/c?role=source&token=t&layer=scene_1',
    );
    expect(channelUrl('ws://r', 'c', 'receiver')).toBe('ws://r/c?role=receiver');
  });
});
