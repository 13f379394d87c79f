import { StatsOverlay } from '@ds-stream/react';
import { createSourceEngine, type SourceEngine, type SourceState } from '@ds-stream/react/core';
import * as React from 'react';
import { useStore } from 'zustand';
import { RELAY_URL, storyChannel } from '../relay-url';
import { CAPTION, SpringsReceiver } from './SpringsReceiver';
import { createSpringsApp, type SpringsApp } from './springs-app';
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

/** The springs app streamed by a source engine whose quality controller picks the level. */
function useAdaptiveSource(url: string, channel: string, fps: number, enabled: boolean) {
  const canvasRef = React.useRef<HTMLCanvasElement>(null);
  const [running, setRunning] = React.useState<{ app: SpringsApp; engine: SourceEngine } | null>(null);
  React.useEffect(() => {
    const canvas = canvasRef.current;
    // Nothing streams without the shaper (a static build): no engine retrying an absent relay.
    if (!canvas || !enabled) return;
    const app = createSpringsApp({ canvas, autopilot: true });
    // `quality` turns the controller on: ACKs from the receiver move the level down the ladder
    // (pixel → compressed → delta → signal) when its link falls behind, and back up when it recovers.
    const engine = createSourceEngine({
      url,
      channel,
      fps,
      canvas,
      signalState: () => app.signal(),
      quality: { mode: 'pixel', fps },
    });
    const off = engine.on('*', (ev) => {
      if (ev.kind !== 'ack') app.input(ev);
    });
    // Capture right after each paint: no picture waits for a capture tick.
    const offPaint = app.onPaint(() => {
      engine.captureNow();
    });
    engine.connect();
    setRunning({ app, engine });
    return () => {
      offPaint();
      off();
      engine.dispose();
      app.dispose();
      setRunning(null);
    };
  }, [url, channel, fps, enabled]);
  return { canvasRef, running };
}

const selectQuality = (s: SourceState) => s.quality;

/** The controller's view: level, why, fps and the link estimates. */
function QualityPanel({ engine, shaper }: { engine: SourceEngine; shaper: ShaperControl }): React.ReactNode {
  const q = useStore(engine.store, selectQuality);
  return (
    <div style={PANEL} data-ds-quality-level={q.level} data-ds-quality-reason={q.reason}>
      level <b>{q.level}</b> at {q.fps} fps · reason: {q.reason || '–'} · estimated bandwidth{' '}
      {formatRate(q.estimates.bandwidthBps)} · rtt{' '}
      {q.estimates.rttMs === null ? '–' : `${q.estimates.rttMs.toFixed(0)} ms`} · receiver link{' '}
      {shaper.kind === 'ready' ? (shaper.rate === null ? 'unlimited' : formatRate(shaper.rate)) : '–'}
    </div>
  );
}

function ShaperButtons({ shaper }: { shaper: ShaperControl }): React.ReactNode {
  if (shaper.kind !== 'ready') return null;
  return (
    <div>
      <button type="button" style={BUTTON} data-ds-shaper="2000000" onClick={() => shaper.setRate(2 * MB)}>
        throttle to 2 MB/s
      </button>
      <button type="button" style={BUTTON} data-ds-shaper="300000" onClick={() => shaper.setRate(300 * KB)}>
        throttle to 300 KB/s
      </button>
      <button type="button" style={BUTTON} data-ds-shaper="lift" onClick={() => shaper.lift()}>
        lift
      </button>
    </div>
  );
}

/**
 * The springs source with adaptive quality on, and a receiver behind a link shaper the buttons
 * throttle: the source's level steps down the ladder as the link narrows and climbs back after
 * "lift". Needs the Storybook dev server (`npm run storybook`), which runs the relay, the shaper
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
  const { canvasRef, running } = useAdaptiveSource(url, ch, fps, shaper.kind === 'ready');
  const onReadyRef = React.useRef(onReady);
  onReadyRef.current = onReady;
  React.useEffect(() => {
    if (running) onReadyRef.current?.(running.app, running.engine);
  }, [running]);

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
      {running ? <QualityPanel engine={running.engine} shaper={shaper} /> : null}
      <div style={ROW} data-ds-demo="adaptive">
        <figure style={{ margin: 0 }}>
          <div data-ds-role="source" style={{ position: 'relative', display: 'inline-block', lineHeight: 0 }}>
            <canvas ref={canvasRef} style={{ maxWidth: '100%' }} />
            {running ? <StatsOverlay engine={running.engine} /> : null}
          </div>
          <figcaption style={CAPTION}>
            source (adaptive, {fps} fps target) on channel {ch}
          </figcaption>
        </figure>
        {shaper.kind === 'ready' ? (
          <SpringsReceiver url={shaper.url} channel={ch} label="receiver, through the link shaper" />
        ) : (
          <p style={CAPTION}>starting the link shaper…</p>
        )}
      </div>
    </div>
  );
}
