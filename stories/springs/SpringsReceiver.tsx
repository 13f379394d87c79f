import {
  type HapticCommand,
  StatsOverlay,
  type StreamInputs,
  StreamReceiver,
  useConnectionState,
} from '@ds-stream/react';
import * as React from 'react';
import { renderSpringsSignal } from './springs-render';

/** Props of the springs demo receiver. @public */
export interface SpringsReceiverProps {
  /** Relay base URL. */
  url: string;
  /** Relay channel. */
  channel: string;
  /** Which inputs go back to the source. @defaultValue every input */
  inputs?: StreamInputs | undefined;
  /** Show the stats overlay. @defaultValue true */
  stats?: boolean | undefined;
  /** Show a flash for each haptic (the only feedback where there is no motor). @defaultValue true */
  hapticIndicator?: boolean | undefined;
  /** Receiver label, shown under the canvas. */
  label?: string | undefined;
}

const BADGE: React.CSSProperties = {
  position: 'absolute',
  right: 6,
  top: 6,
  padding: '2px 8px',
  borderRadius: 10,
  font: '11px/1.4 system-ui, sans-serif',
  color: '#0f172a',
  pointerEvents: 'none',
  transition: 'opacity 120ms',
};

/** Flashes a badge for each haptic frame the receiver gets (its `onHaptic`), motor or not. */
function HapticIndicator({ pulse }: { pulse: { cmd: HapticCommand; n: number } | null }): React.ReactNode {
  const [shown, setShown] = React.useState(pulse);
  const [native] = React.useState(
    () => typeof navigator !== 'undefined' && typeof navigator.vibrate === 'function',
  );
  React.useEffect(() => {
    if (!pulse) return;
    setShown(pulse);
    const t = setTimeout(() => setShown(null), 200);
    return () => clearTimeout(t);
  }, [pulse]);
  const pattern = shown ? (shown.cmd.pattern ?? [shown.cmd.durationMs]) : [];
  return (
    <span
      data-ds-haptic={pattern.join(',')}
      title={native ? 'vibrating' : 'this device cannot vibrate: shown instead'}
      style={{ ...BADGE, background: '#fbbf24', opacity: shown ? 1 : 0 }}
    >
      {native ? 'bzz' : 'bzz (no motor)'}
    </span>
  );
}

/** Explains an unreachable relay instead of showing a silent black box. */
function ConnectionHint({ url }: { url: string }): React.ReactNode {
  const connection = useConnectionState();
  if (connection === 'open' || connection === 'idle') return null;
  return (
    <span style={{ ...BADGE, top: 'auto', bottom: 6, background: '#f87171' }}>
      {connection}: relay {url} (start it with `npm run relay`)
    </span>
  );
}

/**
 * The springs demo's receiver: a `<StreamReceiver>` that renders signal state with the same
 * renderer as the source, with a stats overlay, a haptic indicator and a hint when the relay
 * is unreachable.
 * @public
 */
export function SpringsReceiver({
  url,
  channel,
  inputs,
  stats = true,
  hapticIndicator = true,
  label,
}: SpringsReceiverProps): React.ReactNode {
  const [pulse, setPulse] = React.useState<{ cmd: HapticCommand; n: number } | null>(null);
  const onHaptic = React.useCallback(
    (cmd: HapticCommand) => setPulse((p) => ({ cmd, n: (p?.n ?? 0) + 1 })),
    [],
  );
  return (
    <figure style={{ margin: 0 }}>
      <StreamReceiver
        url={url}
        channel={channel}
        inputs={inputs}
        renderSignal={renderSpringsSignal}
        onHaptic={hapticIndicator ? onHaptic : undefined}
        style={{ position: 'relative', display: 'inline-block', lineHeight: 0, outline: 'none' }}
        canvasProps={{ style: { maxWidth: '100%', background: '#020617', touchAction: 'none' } }}
      >
        {stats ? <StatsOverlay /> : null}
        {hapticIndicator ? <HapticIndicator pulse={pulse} /> : null}
        <ConnectionHint url={url} />
      </StreamReceiver>
      {label ? <figcaption style={CAPTION}>{label}</figcaption> : null}
    </figure>
  );
}

/** Caption style shared by the demo panels. @internal */
export const CAPTION: React.CSSProperties = {
  font: '12px system-ui, sans-serif',
  color: '#94a3b8',
  marginTop: 4,
};
