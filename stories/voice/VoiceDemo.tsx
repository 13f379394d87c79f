// The voice demo: a receiver streams its microphone (VoiceInput) to a source, whose keyword
// spotter turns it into intents; the last one shows on the source (data-ds-intent) and moves a
// dot on the streamed canvas, so the receiver sees its command take effect.
import {
  StreamReceiver,
  StreamSource,
  useStreamContext,
  useVoiceInput,
  type VoiceCaptureOptions,
  type VoiceIntent,
} from '@ds-stream/react';
import * as React from 'react';
// The spotter is plain TypeScript (no tfjs); `@ds-stream/react/neural` exports the same function.
import { createIntentRecognizer } from '../../src/neural/keyword/index';
import { RELAY_URL, storyChannel } from '../relay-url';

const STEP: Record<string, [number, number]> = {
  left: [-20, 0],
  right: [20, 0],
  up: [0, -20],
  down: [0, 20],
};

/** Props of the voice demo. @internal */
export interface VoiceDemoProps {
  /** Turn the receiver's microphone on (the browser asks first). */
  voice: boolean;
  /** How the microphone is gated. */
  mode: 'voice-activity' | 'push-to-talk';
  /** Wire codec for the voice. */
  codec: 'auto' | 'opus' | 'pcm';
  url?: string;
  channel?: string;
  /** Every intent, for tests. */
  onIntent?: (intent: VoiceIntent) => void;
}

const newRecognizer = () => createIntentRecognizer();

/** The receiver's microphone switch and status. @internal */
export function Mic({ options }: { options: VoiceCaptureOptions | false }) {
  const { capture, error } = useVoiceInput(options);
  const ctx = useStreamContext();
  const [talking, setTalking] = React.useState(false);
  const ptt = options !== false && options.mode === 'push-to-talk';
  return (
    <div style={{ color: '#cbd5e1', font: '13px system-ui', marginTop: 8 }}>
      <span data-ds-mic={capture ? capture.codec : error ? 'error' : 'off'}>
        mic: {error ? `refused (${error.message})` : capture ? `on, ${capture.codec}` : 'off'}
      </span>
      {ptt && capture && (
        <button
          type="button"
          style={{ marginLeft: 12 }}
          onPointerDown={() => {
            capture.talk(true);
            setTalking(true);
          }}
          onPointerUp={() => {
            capture.talk(false);
            setTalking(false);
          }}
        >
          {talking ? 'talking…' : 'hold to talk'}
        </button>
      )}
      <span style={{ marginLeft: 12 }}>{ctx.engine ? '' : 'connecting…'}</span>
    </div>
  );
}

/** Source and receiver side by side; say left, right, up, down, stop or go. @internal */
export function VoiceDemo({ voice, mode, codec, url = RELAY_URL, channel, onIntent }: VoiceDemoProps) {
  const [ch] = React.useState(() => channel ?? storyChannel('voice'));
  const [last, setLast] = React.useState<VoiceIntent | null>(null);
  const canvas = React.useRef<HTMLCanvasElement>(null);
  const dot = React.useRef({ x: 120, y: 70 });
  React.useEffect(() => {
    const c = canvas.current?.getContext('2d');
    if (!c) return;
    c.fillStyle = '#0f172a';
    c.fillRect(0, 0, 240, 140);
    c.fillStyle = last?.intent === 'stop' ? '#f87171' : '#4ade80';
    c.beginPath();
    c.arc(dot.current.x, dot.current.y, 10, 0, 2 * Math.PI);
    c.fill();
    c.fillStyle = '#e2e8f0';
    c.font = '14px system-ui';
    c.fillText(last ? `${last.intent} (${Math.round(last.confidence * 100)}%)` : 'say a command', 8, 20);
  }, [last]);
  const handle = React.useCallback(
    (i: VoiceIntent) => {
      const [dx, dy] = STEP[i.intent] ?? [0, 0];
      dot.current = {
        x: Math.max(10, Math.min(230, dot.current.x + dx)),
        y: Math.max(10, Math.min(130, dot.current.y + dy)),
      };
      setLast(i);
      onIntent?.(i);
    },
    [onIntent],
  );
  return (
    <div style={{ display: 'flex', gap: 24, color: '#e2e8f0', font: '13px system-ui' }}>
      <div>
        <StreamSource
          url={url}
          channel={ch}
          mode="delta"
          fps={10}
          voiceRecognizer={newRecognizer}
          onIntent={handle}
        >
          <canvas ref={canvas} width={240} height={140} />
        </StreamSource>
        <p>
          last intent: <strong data-ds-intent={last?.intent ?? ''}>{last?.intent ?? '(none)'}</strong>
          {last && ` from receiver ${last.receiverId}, ${Math.round(last.confidence * 100)}%`}
        </p>
      </div>
      <div>
        <StreamReceiver url={url} channel={ch} inputs={false} style={{ width: 240, height: 140 }}>
          <Mic options={voice ? { mode, codec } : false} />
        </StreamReceiver>
      </div>
    </div>
  );
}
