import { StreamSource, type StreamSourceProps, useStreamContext } from '@ds-stream/react';
import * as React from 'react';
import { createImpactSound, type ImpactSound } from './impact-sound';
import { createSpringsApp, type SpringsApp } from './springs-app';

/** Props of the springs demo source. @public */
export interface SpringsSourceProps {
  /** Relay base URL. */
  url: string;
  /** Relay channel. */
  channel: string;
  /** A fixed mode, or `'auto'` to let the quality controller choose (with `quality`). @defaultValue 'delta' */
  mode?: StreamSourceProps['mode'];
  /** Adaptive quality: `true` or controller options/bounds. @defaultValue off */
  quality?: StreamSourceProps['quality'];
  /** @defaultValue 30 */
  fps?: number | undefined;
  /** @defaultValue 600 */
  width?: number | undefined;
  /** @defaultValue 400 */
  height?: number | undefined;
  /** Play (and stream) an impact sound. @defaultValue true */
  sound?: boolean | undefined;
  /** Send a Haptic frame on each impact. @defaultValue true */
  haptics?: boolean | undefined;
  /** Tour the target on its own while nobody plays. @defaultValue true */
  autopilot?: boolean | undefined;
  /** Extra encoders by mode (e.g. `neural`), read when the source starts. */
  encoders?: StreamSourceProps['encoders'];
  /** Called once the demo app runs (tests and stories reach its state through it). */
  onReady?: ((app: SpringsApp) => void) | undefined;
  /** Rendered over the canvas, inside the source (e.g. `<StatsOverlay />`). */
  children?: React.ReactNode;
}

/** Impacts closer together than this make one buzz, not a burst. */
const HAPTIC_GAP_MS = 80;

function ImpactFeedback({
  app,
  sound,
  haptics,
}: {
  app: SpringsApp;
  sound: ImpactSound | null;
  haptics: boolean;
}) {
  const ctx = useStreamContext();
  const engine = ctx.role === 'source' ? ctx.engine : null;
  React.useEffect(() => {
    let last = 0;
    return app.onImpact(({ strength }) => {
      sound?.play(strength);
      const now = performance.now();
      if (!haptics || !engine || now - last < HAPTIC_GAP_MS) return;
      last = now;
      engine.haptic({ durationMs: Math.round(15 + 45 * strength), intensity: strength });
    });
  }, [app, sound, haptics, engine]);
  return null;
}

/** Captures right after each paint, so a picture waits for no capture tick (the fps budget still applies). */
function CaptureAfterPaint({ app }: { app: SpringsApp }) {
  const ctx = useStreamContext();
  const engine = ctx.role === 'source' ? ctx.engine : null;
  React.useEffect(() => {
    if (!engine) return;
    return app.onPaint(() => {
      engine.captureNow();
    });
  }, [app, engine]);
  return null;
}

function useImpactSound(enabled: boolean): ImpactSound | null {
  const [sound, setSound] = React.useState<ImpactSound | null>(null);
  React.useEffect(() => {
    if (!enabled || typeof AudioContext === 'undefined') return;
    const ctx = new AudioContext();
    setSound(createImpactSound(ctx));
    // Browsers start audio only after a gesture; any click on the page will do.
    const resume = () => void ctx.resume();
    document.addEventListener('pointerdown', resume, true);
    document.addEventListener('keydown', resume, true);
    return () => {
      document.removeEventListener('pointerdown', resume, true);
      document.removeEventListener('keydown', resume, true);
      setSound(null);
      void ctx.close();
    };
  }, [enabled]);
  return sound;
}

function localPointer(app: SpringsApp | null, kind: 'pointer' | 'pointerdown') {
  return (e: React.PointerEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const x = ((e.clientX - rect.left) * e.currentTarget.width) / rect.width;
    const y = ((e.clientY - rect.top) * e.currentTarget.height) / rect.height;
    app?.input({ kind, x: Math.round(x), y: Math.round(y), buttons: e.buttons });
  };
}

/**
 * The springs demo wrapped in `<StreamSource>`: a canvas of spring-driven bodies that follow the
 * pointer (local or a receiver's), react to clicks, keys and gamepad, and stream as pixels,
 * deltas or signal state, with an impact sound and haptics.
 * @public
 */
export function SpringsSource({
  url,
  channel,
  mode,
  fps,
  width = 600,
  height = 400,
  sound = true,
  haptics = true,
  autopilot = true,
  encoders,
  quality,
  onReady,
  children,
}: SpringsSourceProps): React.ReactNode {
  const canvasRef = React.useRef<HTMLCanvasElement>(null);
  const [app, setApp] = React.useState<SpringsApp | null>(null);
  const impactSound = useImpactSound(sound);
  const onReadyRef = React.useRef(onReady);
  onReadyRef.current = onReady;

  React.useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const next = createSpringsApp({ canvas, width, height, autopilot });
    setApp(next);
    onReadyRef.current?.(next);
    return () => next.dispose();
  }, [width, height, autopilot]);

  return (
    <StreamSource
      url={url}
      channel={channel}
      mode={mode}
      fps={fps}
      encoders={encoders}
      quality={quality}
      signalState={app ? app.signal : undefined}
      audioNode={impactSound?.node ?? null}
      onInput={(ev) => app?.input(ev)}
      style={{ position: 'relative', display: 'inline-block', lineHeight: 0 }}
    >
      <canvas
        ref={canvasRef}
        width={width}
        height={height}
        style={{ maxWidth: '100%', touchAction: 'none' }}
        onPointerMove={localPointer(app, 'pointer')}
        onPointerDown={localPointer(app, 'pointerdown')}
      />
      {app ? <ImpactFeedback app={app} sound={impactSound} haptics={haptics} /> : null}
      {app ? <CaptureAfterPaint app={app} /> : null}
      {children}
    </StreamSource>
  );
}
