import * as React from 'react';
import { useStore } from 'zustand';
import { type CommonStreamState, type StreamEngine, useEnsureStore } from './context';

/**
 * Props of `<StatsOverlay>`: an optional explicit engine and any `<div>` attribute.
 * @public
 */
export interface StatsOverlayProps extends React.HTMLAttributes<HTMLDivElement> {
  /**
   * The engine to show; by default the nearest `<StreamSource>` or `<StreamReceiver>`.
   * @defaultValue the context's engine
   */
  engine?: StreamEngine | null | undefined;
}

/** Bits per second in the largest unit that keeps three digits. @internal */
export function formatBitrate(bytesPerSec: number): string {
  const bits = bytesPerSec * 8;
  if (bits >= 1e9) return `${(bits / 1e9).toFixed(1)} Gb/s`;
  if (bits >= 1e6) return `${(bits / 1e6).toFixed(1)} Mb/s`;
  if (bits >= 1e3) return `${(bits / 1e3).toFixed(0)} kb/s`;
  return `${bits.toFixed(0)} b/s`;
}

const selectMode = (s: CommonStreamState) => s.mode;
const selectConnection = (s: CommonStreamState) => s.connection;
const selectStats = (s: CommonStreamState) => s.stats;
const selectLevel = (s: CommonStreamState) => s.quality?.level ?? null;
const selectLayer = (s: CommonStreamState) => s.quality?.layer ?? null;
const selectReason = (s: CommonStreamState) => s.quality?.reason ?? null;
const selectImageQuality = (s: CommonStreamState) => s.imageQuality ?? null;
const selectAudioCodec = (s: CommonStreamState) => s.audioCodec ?? null;
const selectTransport = (s: CommonStreamState) => s.transport ?? null;

const DEFAULT_STYLE: React.CSSProperties = {
  position: 'absolute',
  top: 4,
  left: 4,
  padding: '2px 6px',
  font: '11px/1.4 ui-monospace, monospace',
  color: '#fff',
  background: 'rgba(0, 0, 0, 0.6)',
  pointerEvents: 'none',
  display: 'flex',
  gap: 8,
};

/**
 * The `StatsOverlay` component shows an engine's fps, bandwidth, round-trip time and mode, read from
 * its store (updated a few times per second); for a source also its quality level, the image
 * quality while in compressed mode, the audio codec while audio streams, and why the controller
 * chose the level; with quality layers, the layer (a receiver's: the one the relay put it on, and
 * the relay's reason); and the transport in use (`websocket` or `webrtc`). Each value sits in a
 * `[data-ds-stat="fps|bandwidth|rtt|mode|quality|layer|image-quality|audio|reason|transport"]` span for styling and tests.
 * @example
 * ```tsx
 * <StreamReceiver url="ws://localhost:9100" channel="game" style={{ position: 'relative' }}>
 *   <StatsOverlay />
 * </StreamReceiver>
 * ```
 * @public
 */
export const StatsOverlay: (
  props: StatsOverlayProps & React.RefAttributes<HTMLDivElement>,
) => React.ReactNode = /* @__PURE__ */ React.forwardRef<HTMLDivElement, StatsOverlayProps>(
  function StatsOverlay({ engine, style, ...rest }, ref) {
    const store = useEnsureStore(engine, 'StatsOverlay');
    const stats = useStore(store, selectStats);
    const level = useStore(store, selectLevel);
    const mode = useStore(store, selectMode);
    const connection = useStore(store, selectConnection);
    const reason = useStore(store, selectReason);
    const imageQuality = useStore(store, selectImageQuality);
    const audioCodec = useStore(store, selectAudioCodec);
    const layer = useStore(store, selectLayer);
    const transport = useStore(store, selectTransport);
    // A source (the side with an image quality) sends; a receiver gets.
    const bandwidth = imageQuality !== null ? stats.bytesOutPerSec : stats.bytesInPerSec;
    return (
      <div
        data-ds-stats=""
        data-ds-state={connection}
        style={{ ...DEFAULT_STYLE, ...style }}
        {...rest}
        ref={ref}
      >
        <span data-ds-stat="fps">{stats.fps.toFixed(0)} fps</span>
        <span data-ds-stat="bandwidth">{formatBitrate(bandwidth)}</span>
        <span data-ds-stat="rtt">{stats.rttMs === null ? '– ms' : `${stats.rttMs.toFixed(0)} ms`}</span>
        <span data-ds-stat="mode">{mode ?? '–'}</span>
        {level ? <span data-ds-stat="quality">{level}</span> : null}
        {layer ? <span data-ds-stat="layer">{layer}</span> : null}
        {mode === 'compressed' && imageQuality !== null ? (
          <span data-ds-stat="image-quality">q {Math.round(imageQuality * 100)}%</span>
        ) : null}
        {audioCodec ? <span data-ds-stat="audio">{audioCodec}</span> : null}
        {reason ? (
          <span data-ds-stat="reason" style={{ opacity: 0.7 }}>
            {reason}
          </span>
        ) : null}
        {transport ? <span data-ds-stat="transport">{transport}</span> : null}
      </div>
    );
  },
);
