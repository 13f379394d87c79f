import { StatsOverlay, type StreamMode, type StreamSourceProps } from '@ds-stream/react';
import * as React from 'react';
import { RELAY_URL, storyChannel } from '../relay-url';
import { InputLog } from './InputLog';
import { CAPTION, SpringsReceiver } from './SpringsReceiver';
import { SpringsSource } from './SpringsSource';
import type { SpringsApp } from './springs-app';

/** Props of the side-by-side demo: one springs source and its receivers on one page. @public */
export interface SideBySideProps {
  /** Streaming mode of the source. @defaultValue 'delta' */
  mode?: StreamMode;
  /** Capture rate. @defaultValue 30 */
  fps?: number;
  /** How many receivers watch the source. @defaultValue 1 */
  receivers?: number;
  /** Mount the receivers only after this many milliseconds (late joiners). @defaultValue 0 */
  joinAfterMs?: number;
  /** Let the target tour on its own while nobody plays. @defaultValue true */
  autopilot?: boolean;
  /** Extra encoders by mode (e.g. `neural`), read when the source starts. */
  encoders?: StreamSourceProps['encoders'];
  /** Relay URL. @defaultValue the Storybook relay */
  url?: string;
  /** Channel; a fresh one per mount by default. */
  channel?: string;
  /** Show the last input that reached the source from a receiver. @defaultValue true */
  inputLog?: boolean;
  /** Rendered under the panels (notes, gamepad status). */
  children?: React.ReactNode;
  /** Called once the source's demo app runs. */
  onReady?: (app: SpringsApp) => void;
}

const ROW: React.CSSProperties = { display: 'flex', flexWrap: 'wrap', gap: 16, alignItems: 'flex-start' };

function useJoined(delayMs: number): boolean {
  const [joined, setJoined] = React.useState(delayMs <= 0);
  React.useEffect(() => {
    if (delayMs <= 0) return;
    const t = setTimeout(() => setJoined(true), delayMs);
    return () => clearTimeout(t);
  }, [delayMs]);
  return joined;
}

/**
 * The springs source and its receivers side by side, each with a live stats overlay. Move the
 * pointer or press keys over a receiver: the input crosses the relay and moves the source.
 * @public
 */
export function SideBySide({
  mode = 'delta',
  fps = 30,
  receivers = 1,
  joinAfterMs = 0,
  autopilot = true,
  encoders,
  url = RELAY_URL,
  channel,
  inputLog = true,
  children,
  onReady,
}: SideBySideProps): React.ReactNode {
  const [ownChannel] = React.useState(() => storyChannel(`springs-${mode}`));
  const ch = channel ?? ownChannel;
  const joined = useJoined(joinAfterMs);
  return (
    <div>
      <div style={ROW} data-ds-demo="side-by-side">
        <figure style={{ margin: 0 }}>
          <SpringsSource
            url={url}
            channel={ch}
            mode={mode}
            fps={fps}
            autopilot={autopilot}
            encoders={encoders}
            onReady={onReady}
          >
            <StatsOverlay />
            {inputLog ? <InputLog /> : null}
          </SpringsSource>
          <figcaption style={CAPTION}>
            source ({mode}, {fps} fps) on channel {ch}
          </figcaption>
        </figure>
        {joined ? (
          Array.from({ length: receivers }, (_, i) => (
            <SpringsReceiver
              // biome-ignore lint/suspicious/noArrayIndexKey: receivers are interchangeable and never reorder
              key={i}
              url={url}
              channel={ch}
              label={`receiver ${i + 1}${joinAfterMs > 0 ? `, joined after ${joinAfterMs / 1000} s` : ''}: move, click or type here`}
            />
          ))
        ) : (
          <p style={CAPTION}>receivers join in {joinAfterMs / 1000} s…</p>
        )}
      </div>
      {children}
    </div>
  );
}
