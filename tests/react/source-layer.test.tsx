// <StreamSource layer={...}>: the source streams as a composition layer of its channel, the
// placement is live (same engine, same connection), and a new id replaces the engine.
import { StreamSource, type UseStreamSourceOptions } from '@ds-stream/react';
import { render, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { decodeLayerDirectory, decodeMessage, FrameType, type LayerDirectory } from '../../src/internal';
import { freshChannel, relayPerFile } from './helpers';

const relay = relayPerFile();

/** The last LayerDirectory a plain receiver of the base channel got. */
function composite(channel: string): { last(): LayerDirectory | null; close(): void } {
  let last: LayerDirectory | null = null;
  const ws = new WebSocket(`${relay.url}/${channel}?role=receiver`);
  ws.binaryType = 'arraybuffer';
  ws.onmessage = (e: MessageEvent<ArrayBuffer>) => {
    const m = decodeMessage(new Uint8Array(e.data));
    if (m.header.type === FrameType.LayerDirectory) last = decodeLayerDirectory(m);
  };
  return { last: () => last, close: () => ws.close() };
}

describe('<StreamSource layer>', () => {
  it('places the layer, moves it live, and replaces the engine for a new id', async () => {
    const channel = freshChannel('layer');
    const base = composite(channel);
    const props = (layer: UseStreamSourceOptions['layer']) => (
      <StreamSource url={relay.url} channel={channel} mode="signal" signalState={{ n: 1 }} layer={layer} />
    );
    const view = render(props({ id: 'scene', x: 0, y: 0, width: 32, height: 16 }));
    await waitFor(() =>
      expect(base.last()?.layers).toEqual([
        { name: 'scene', z: 0, x: 0, y: 0, width: 32, height: 16, opacity: 255, input: true, online: true },
      ]),
    );
    const opened = relay.opened();
    view.rerender(props({ id: 'scene', z: 2, x: 8, y: 4, width: 32, height: 16, opacity: 100 }));
    await waitFor(() => expect(base.last()?.layers[0]).toMatchObject({ z: 2, x: 8, y: 4, opacity: 100 }));
    expect(relay.opened()).toBe(opened);
    view.rerender(props({ id: 'pip', x: 1, y: 1, width: 4, height: 4 }));
    // The new engine's layer is listed; the old one goes once its sub-channel is dropped.
    await waitFor(() => expect(base.last()?.layers.map((l) => l.name)).toEqual(['pip']));
    expect(relay.opened()).toBeGreaterThan(opened);
    base.close();
  });
});
