// useCompositionLayers lists the relay's LayerDirectory from a receiver: empty for a plain channel,
// then every layer with its placement and whether its source is online; a source's state follows.
import { useCompositionLayers } from '@ds-stream/react';
import { render, renderHook, screen, waitFor } from '@testing-library/react';
import { expect, it, onTestFinished } from 'vitest';
import { createReceiverEngine, encodeLayerDirectory } from '../../src/internal';
import { createTransportPair } from '../helpers/transport-pair';

const PIP = { name: 'pip', z: 10, x: 420, y: 260, width: 160, height: 120, opacity: 255, input: true };
const BG = { name: 'bg', z: 0, x: 0, y: 0, width: 600, height: 400, opacity: 255, input: true };

it('useCompositionLayers: empty before a directory, then the layers, their state following', async () => {
  const [relay, rt] = createTransportPair();
  const engine = createReceiverEngine({ url: 'ws://x', channel: 'c', transport: rt, pingIntervalMs: 0 });
  onTestFinished(() => engine.dispose());
  relay.connect();
  engine.connect();
  const { result } = renderHook(() => useCompositionLayers(engine));
  expect(result.current).toEqual([]);
  await waitFor(() => expect(engine.store.getState().connection).toBe('open'));
  relay.send(
    encodeLayerDirectory(
      [
        { ...BG, online: true },
        { ...PIP, online: true },
      ],
      { seq: 0, timestamp: 0 },
    ),
  );
  await waitFor(() =>
    expect(result.current.map((l) => `${l.name}:${l.online}`)).toEqual(['bg:true', 'pip:true']),
  );
  expect(result.current[1]).toMatchObject({ z: 10, x: 420, y: 260, width: 160, height: 120, input: true });
  expect(engine.store.getState().composition).toMatchObject({ width: 600, height: 400 });
  relay.send(
    encodeLayerDirectory(
      [
        { ...BG, online: true },
        { ...PIP, online: false },
      ],
      { seq: 1, timestamp: 0 },
    ),
  );
  await waitFor(() =>
    expect(result.current.map((l) => `${l.name}:${l.online}`)).toEqual(['bg:true', 'pip:false']),
  );
});

function LayerCount() {
  return <span data-testid="n">{useCompositionLayers().length}</span>;
}

it('outside any receiver it is empty (no throw: a layer list can sit anywhere)', () => {
  render(<LayerCount />);
  expect(screen.getByTestId('n').textContent).toBe('0');
});
