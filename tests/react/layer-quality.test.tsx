// On a receiver, useQuality and <StatsOverlay> show the layer the relay put it on and why.
import { StatsOverlay, useQuality } from '@ds-stream/react';
import { render, renderHook, screen, waitFor } from '@testing-library/react';
import { expect, it, onTestFinished } from 'vitest';
import { createReceiverEngine, encodeLayerReport } from '../../src/internal';
import { createTransportPair } from '../helpers/transport-pair';

function receiverWithRelay() {
  const [relay, rt] = createTransportPair();
  const engine = createReceiverEngine({ url: 'ws://x', channel: 'c', transport: rt, pingIntervalMs: 0 });
  onTestFinished(() => engine.dispose());
  relay.connect();
  engine.connect();
  return { engine, relay };
}

it('useQuality on a receiver: null before a LayerReport, then its layer and the reason', async () => {
  const { engine, relay } = receiverWithRelay();
  const { result } = renderHook(() => useQuality(engine));
  expect(result.current).toBeNull();
  await waitFor(() => expect(engine.store.getState().connection).toBe('open'));
  relay.send(encodeLayerReport([{ id: 3, layer: 2, reason: 'congested' }], { seq: 0, timestamp: 0 }));
  await waitFor(() => expect(result.current).toMatchObject({ layer: 'lossy', reason: 'congested' }));
});

it('<StatsOverlay> on a receiver shows its layer and the reason', async () => {
  const { engine, relay } = receiverWithRelay();
  render(<StatsOverlay engine={engine} data-testid="stats" />);
  const hud = screen.getByTestId('stats');
  expect(hud.querySelector('[data-ds-stat="layer"]')).toBeNull();
  await waitFor(() => expect(engine.store.getState().connection).toBe('open'));
  relay.send(encodeLayerReport([{ id: 3, layer: 1, reason: 'recovered' }], { seq: 0, timestamp: 0 }));
  await waitFor(() => expect(hud.querySelector('[data-ds-stat="layer"]')?.textContent).toBe('lossless'));
  expect(hud.querySelector('[data-ds-stat="reason"]')?.textContent).toBe('recovered');
});
