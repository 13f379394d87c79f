import { StatsOverlay, useStreamContext } from '@ds-stream/react';
import type { SourceEngine, SourceState } from '@ds-stream/react/core';
import * as React from 'react';
import { useStore } from 'zustand';
import { RELAY_URL, storyChannel } from '../relay-url';
import { CAPTION, SpringsReceiver } from './SpringsReceiver';
import { SpringsSource } from './SpringsSource';
import type { SpringsApp } from './springs-app';
import { type ShaperControl, useShaper } from './use-shaper';

/** Props of the adaptive-quality demo. @public */
export interface AdaptiveDemoProps {
  /** Relay URL the source sends to (the receiver goes through the shaper). @defaultValue the Storybook relay */
  url?: string;
  /** Channel; a fresh one per mount by default. */
  channel?: string;
  /** Target capture rate. @defaultValue 30 */
  fps?: number;
  /** Called once the source's demo app runs. */
  onReady?: (app: SpringsApp, engine: SourceEngine) => void;
}

const ROW: React.CSSProperties = { display: 'flex', flexWrap: 'wrap', gap: 16, alignItems: 'flex-start' };
const BUTTON: React.CSSProperties = {
  font: '12px system-ui, sans-serif',
  padding: '4px 10px',
  marginRight: 8,
};
const PANEL: React.CSSProperties = {
  font: '12px/1.6 ui-monospace, monospace',
  color: '#e2e8f0',
  margin: '8px 0',
};

const MB = 1_000_000;
const KB = 1_000;

function formatRate(bps: number | null): string {
  if (bps === null) return '–';
  return bps >= MB ? `${(bps / MB).toFixed(2)} MB/s` : `${(bps / KB).toFixed(0)} KB/s`;
}

/** Hands the enclosing `<StreamSource>`'s engine to the demo (for the quality panel and tests). */
function ReportEngine({ onEngine }: { onEngine: (engine: SourceEngine | null) => void }): null {
  const ctx = useStreamContext();
  const engine = ctx.role === 'source' ? ctx.engine : null;
  React.useEffect(() => {
    onEngine(engine);
    return () => onEngine(null);
  }, [engine, onEngine]);
  return null;
}

const selectLayers = (s: SourceState) => s.layers;

/** The source's layers: which it produces, who is on each (relay ids), fps, bytes/s and why. */
function LayersPanel({ engine, shaper }: { engine: SourceEngine; shaper: ShaperControl }): React.ReactNode {
  const layers = useStore(engine.store, selectLayers);
  const link = shaper.kind === 'ready' ? (shaper.rate === null ? 'unlimited' : formatRate(shaper.rate)) : '–';
  return (
    <div style={PANEL} data-ds-layers={layers?.active ? 'active' : 'waiting'}>
      {layers?.offered.map((name) => {
        const l = layers[name];
        if (!l) return null;
        return (
          <div key={name} data-ds-layer={name} data-ds-layer-produced={String(l.produced)}>
            <b>{name}</b> ({l.mode}) {l.produced ? 'produced' : 'idle'} · receivers{' '}
            {l.receivers.length ? l.receivers.join(', ') : '–'} · {l.fps} fps
            {l.imageQuality === null ? '' : ` · WebP ${Math.round(l.imageQuality * 100)}%`} ·{' '}
            {formatRate(l.bytesPerSec)} · {l.reason}
          </div>
        );
      }) ?? 'waiting for the relay’s first LayerReport'}
      <div>shaped receiver link {link}</div>
    </div>
  );
}

function ShaperButtons({ shaper }: { shaper: ShaperControl }): React.ReactNode {
  if (shaper.kind !== 'ready') return null;
  return (
    <div>
      <button type="button" style={BUTTON} data-ds-shaper="300000" onClick={() => shaper.setRate(300 * KB)}>
        throttle to 300 KB/s
      </button>
      <button type="button" style={BUTTON} data-ds-shaper="30000" onClick={() => shaper.setRate(30 * KB)}>
        throttle to 30 KB/s
      </button>
      <button type="button" style={BUTTON} data-ds-shaper="lift" onClick={() => shaper.lift()}>
        lift
      </button>
    </div>
  );
}

/**
 * The springs source with adaptive quality on and two receivers, one direct and one behind a link
 * shaper the buttons throttle: the source produces quality layers and the relay puts each receiver
 * on the one its own link holds. Throttled, the shaped receiver moves down (lossy, then signal)
 * while the direct one stays on lossless; after "lift" it climbs back. Each overlay shows its layer. Needs the Storybook dev server (`npm run storybook`), which runs the relay, the shaper
 * and its control endpoint; elsewhere it says so.
 * @public
 */
export function AdaptiveDemo({
  url = RELAY_URL,
  channel,
  fps = 30,
  onReady,
}: AdaptiveDemoProps): React.ReactNode {
  const [ownChannel] = React.useState(() => storyChannel('adaptive'));
  const ch = channel ?? ownChannel;
  const shaper = useShaper();
  const [app, setApp] = React.useState<SpringsApp | null>(null);
  const [engine, setEngine] = React.useState<SourceEngine | null>(null);
  const onReadyRef = React.useRef(onReady);
  onReadyRef.current = onReady;
  React.useEffect(() => {
    if (app && engine) onReadyRef.current?.(app, engine);
  }, [app, engine]);

  if (shaper.kind === 'absent') {
    return (
      <p style={{ ...CAPTION, color: '#fca5a5' }} data-ds-shaper-absent="">
        This demo needs the link shaper's control endpoint, which only the Storybook dev server runs (
        <code>npm run storybook</code> starts the relay and a shaper in front of it). A static build has
        neither, so nothing streams here. ({shaper.detail})
      </p>
    );
  }
  return (
    <div>
      <ShaperButtons shaper={shaper} />
      {engine ? <LayersPanel engine={engine} shaper={shaper} /> : null}
      <div style={ROW} data-ds-demo="adaptive">
        {shaper.kind === 'ready' ? (
          // mode="auto" with `quality`: the source offers layers (lossless delta, lossy WebP, signal),
          // produces those some receiver is on, and each layer's controller sets its fps.
          <figure style={{ margin: 0 }}>
            <SpringsSource url={url} channel={ch} mode="auto" quality fps={fps} onReady={setApp}>
              <StatsOverlay style={{ flexWrap: 'wrap', maxWidth: 560 }} />
              <ReportEngine onEngine={setEngine} />
            </SpringsSource>
            <figcaption style={CAPTION}>
              source (mode auto, {fps} fps target) on channel {ch}
            </figcaption>
          </figure>
        ) : null}
        {shaper.kind === 'ready' ? (
          <>
            {/* Each overlay shows the layer the relay put that receiver on, and why. */}
            <div data-ds-receiver="direct">
              <SpringsReceiver url={url} channel={ch} label="receiver, direct" />
            </div>
            <div data-ds-receiver="shaped">
              <SpringsReceiver url={shaper.url} channel={ch} label="receiver, through the link shaper" />
            </div>
          </>
        ) : (
          <p style={CAPTION}>starting the link shaper…</p>
        )}
      </div>
    </div>
  );
}
