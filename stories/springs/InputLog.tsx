import { type InputEvent, useStreamInput } from '@ds-stream/react';
import * as React from 'react';

function describe(ev: InputEvent): string {
  switch (ev.kind) {
    case 'pointer':
    case 'pointerdown':
    case 'pointerup':
      return `${ev.kind} ${ev.x},${ev.y}`;
    case 'keydown':
    case 'keyup':
      return `${ev.kind} ${ev.keyCode}`;
    case 'touch':
    case 'touchend':
      return `${ev.kind} #${ev.id} ${ev.x},${ev.y}`;
    case 'gamepadaxis':
      return `axis ${ev.axis} ${ev.value.toFixed(2)}`;
    case 'gamepadbutton':
      return `button ${ev.button} ${ev.pressed ? 'down' : 'up'}`;
    default:
      return ev.kind;
  }
}

const STYLE: React.CSSProperties = {
  position: 'absolute',
  left: 4,
  bottom: 24,
  padding: '2px 6px',
  font: '11px/1.4 ui-monospace, monospace',
  color: '#a3e635',
  background: 'rgba(0, 0, 0, 0.6)',
  pointerEvents: 'none',
};

/**
 * Shows, on the source, the last input that arrived from a receiver (acks and pings are not
 * input a person made, so they are left out).
 * @public
 */
export function InputLog(): React.ReactNode {
  const [last, setLast] = React.useState<{ text: string; n: number } | null>(null);
  useStreamInput('*', (ev) => {
    if (ev.kind === 'ack' || ev.kind === 'keyframe-request' || ev.kind === 'resize') return;
    setLast((prev) => ({ text: describe(ev), n: (prev?.n ?? 0) + 1 }));
  });
  return (
    <span data-ds-input-log={last?.text ?? ''} style={STYLE}>
      {last ? `input #${last.n} from receiver: ${last.text}` : 'no input from receivers yet'}
    </span>
  );
}
