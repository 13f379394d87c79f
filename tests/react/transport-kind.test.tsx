// <StatsOverlay> and the receiver store say which path frames take: a transport that moves
// between the WebSocket and DataChannels (as a DataChannel transport does: `kind`, `onKind`).
import { StatsOverlay, StreamReceiver } from '@ds-stream/react';
import { createReceiverEngine, type TransportKind } from '@ds-stream/react/core';
import { render, screen, waitFor } from '@testing-library/react';
import { expect, it, onTestFinished } from 'vitest';
import { Emitter } from '../../src/transport/emitter';
import { createTransportPair, type MemoryTransport } from '../helpers/transport-pair';
import { freshChannel, relayPerFile } from './helpers';

const relay = relayPerFile();

/** A memory transport end that reports a path, like `DataChannelTransport`. */
function withKind(t: MemoryTransport) {
  const kinds = new Emitter<{ kind: (k: TransportKind) => void }>();
  let kind: TransportKind = 'websocket';
  const moved = Object.assign(t, {
    get kind() {
      return kind;
    },
    onKind: (h: (k: TransportKind) => void) => kinds.on('kind', h),
  });
  return {
    t: moved,
    move(k: TransportKind) {
      kind = k;
      kinds.emit('kind', k);
    },
  };
}

it('<StatsOverlay> shows websocket, then webrtc once the transport moves, then websocket again', async () => {
  const [relay, rt] = createTransportPair();
  const path = withKind(rt);
  const engine = createReceiverEngine({ url: 'ws://x', channel: 'c', transport: path.t, pingIntervalMs: 0 });
  onTestFinished(() => engine.dispose());
  relay.connect();
  engine.connect();
  render(<StatsOverlay engine={engine} data-testid="stats" />);
  const stat = () => screen.getByTestId('stats').querySelector('[data-ds-stat="transport"]')?.textContent;
  expect(stat()).toBe('websocket');
  path.move('webrtc');
  await waitFor(() => expect(stat()).toBe('webrtc'));
  expect(engine.store.getState().transport).toBe('webrtc');
  path.move('websocket');
  await waitFor(() => expect(stat()).toBe('websocket'));
});

it('<StreamReceiver transport="auto"> where there is no RTCPeerConnection (jsdom) opens over the WebSocket and shows it', async () => {
  render(
    <StreamReceiver url={relay.url} channel={freshChannel()} transport="auto" data-testid="rx">
      <StatsOverlay data-testid="stats" />
    </StreamReceiver>,
  );
  const hud = () => screen.getByTestId('stats');
  // The relay offers WebRTC (RtcHello); without RTCPeerConnection 'auto' stays on the WebSocket.
  await waitFor(() => expect(hud().getAttribute('data-ds-state')).toBe('open'), { timeout: 20_000 });
  expect(hud().querySelector('[data-ds-stat="transport"]')?.textContent).toBe('websocket');
});
