// A receiver for NeuralLatent (0x43) built on the framework-free engine, because
// `<StreamReceiver>` takes no extra renderers: the latent renderer loads with the neural entry on
// the first latent, and an overlay shows bytes per frame, decode time and a refused frame.
import { createReceiverEngine, type FrameRendererFactory, FrameType } from '@ds-stream/react/core';
import * as React from 'react';
import { CAPTION } from '../springs/SpringsReceiver';
import { loadNeuralEntry } from './neural-wasm';

/** Props of the latent receiver. @internal */
export interface LatentReceiverProps {
  url: string;
  channel: string;
  label: string;
}

/** What the measured renderer counts. @internal */
export interface Seen {
  frames: number;
  bytes: number;
  decodeMs: number;
}

const OVERLAY: React.CSSProperties = {
  position: 'absolute',
  left: 6,
  top: 6,
  padding: '2px 8px',
  borderRadius: 6,
  font: '11px/1.5 ui-monospace, monospace',
  color: '#e2e8f0',
  background: 'rgba(15, 23, 42, 0.75)',
  pointerEvents: 'none',
};

/** Wraps the shipped latent renderer to time each decode and count the bytes on the wire. @internal */
export function measuredLatentRenderer(seen: Seen): FrameRendererFactory {
  return async (ctx) => {
    const inner = await (await loadNeuralEntry()).latentRendererFactory()(ctx);
    return {
      receive(message) {
        const t0 = performance.now();
        try {
          return inner.receive(message);
        } finally {
          seen.frames += 1;
          seen.bytes = 16 + message.payload.length;
          seen.decodeMs += performance.now() - t0;
        }
      },
      draw: (surface) => inner.draw(surface),
      reset: () => inner.reset(),
    };
  };
}

/**
 * Watches `channel` and paints each NeuralLatent with the shipped decoder (tfjs loads on the
 * first latent, not with the page). A latent of another model version is refused and shown.
 * @internal
 */
export function LatentReceiver({ url, channel, label }: LatentReceiverProps): React.ReactNode {
  const rootRef = React.useRef<HTMLDivElement>(null);
  const canvasRef = React.useRef<HTMLCanvasElement>(null);
  const [shown, setShown] = React.useState<Seen & { error: string | null }>({
    frames: 0,
    bytes: 0,
    decodeMs: 0,
    error: null,
  });
  React.useEffect(() => {
    const root = rootRef.current;
    const canvas = canvasRef.current;
    if (!root || !canvas) return;
    const seen: Seen = { frames: 0, bytes: 0, decodeMs: 0 };
    const engine = createReceiverEngine({
      url,
      channel,
      renderers: { [FrameType.NeuralLatent]: measuredLatentRenderer(seen) },
    });
    engine.connect();
    engine.attach(root, canvas);
    // Polled twice a second: a React update per frame would cost more than the decode.
    const timer = setInterval(() => {
      const err = engine.store.getState().error;
      setShown({ ...seen, error: err ? err.message : null });
    }, 500);
    return () => {
      clearInterval(timer);
      engine.dispose();
    };
  }, [url, channel]);
  const avg = shown.frames > 0 ? shown.decodeMs / shown.frames : 0;
  return (
    <figure style={{ margin: 0 }}>
      <div
        ref={rootRef}
        data-ds-role="receiver"
        style={{ position: 'relative', display: 'inline-block', lineHeight: 0 }}
      >
        <canvas
          ref={canvasRef}
          width={600}
          height={400}
          style={{ maxWidth: '100%', background: '#020617' }}
        />
        <span style={OVERLAY} data-ds-latent-bytes={shown.bytes}>
          {shown.frames === 0
            ? 'waiting for the first latent…'
            : `NeuralLatent ${shown.bytes} B/frame · decode ${avg.toFixed(1)} ms · ${shown.frames} frames`}
          {shown.error ? ` · refused: ${shown.error}` : ''}
        </span>
      </div>
      <figcaption style={CAPTION}>{label}</figcaption>
    </figure>
  );
}
