import {
  type InputEvent,
  type SignalState,
  StreamReceiver,
  StreamSource,
  useCompositionLayers,
} from '@ds-stream/react';
import type { Meta, StoryObj } from '@storybook/react-vite';
import * as React from 'react';
import { RELAY_URL, storyChannel } from './relay-url';
import { createSpringsApp } from './springs/springs-app';

// Three sources on one channel, each owning a composition layer (issue 21): the springs scene in
// delta mode, a scoreboard in signal mode and a small picture-in-picture, all in delta/signal so the
// composite is exact. The receiver composites them and routes a click to the layer under it.

const SCORE_W = 200;
const SCORE_H = 40;

/** The scoreboard, drawn from its signal state by the source and the receiver alike. */
function drawScore(ctx: CanvasRenderingContext2D, state: SignalState): void {
  const home = Number(state.home ?? 0);
  const away = Number(state.away ?? 0);
  ctx.fillStyle = '#0f172a';
  ctx.fillRect(0, 0, SCORE_W, SCORE_H);
  ctx.fillStyle = '#e2e8f0';
  ctx.font = 'bold 22px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  ctx.fillText(`HOME ${home} : ${away} AWAY`, 10, SCORE_H / 2);
}

function SpringsLayer({ url, channel }: { url: string; channel: string }) {
  const canvas = React.useRef<HTMLCanvasElement>(null);
  const app = React.useRef<ReturnType<typeof createSpringsApp> | null>(null);
  React.useEffect(() => {
    if (!canvas.current) return;
    const a = createSpringsApp({ canvas: canvas.current, autopilot: true });
    app.current = a;
    return () => a.dispose();
  }, []);
  return (
    <StreamSource
      url={url}
      channel={channel}
      mode="delta"
      layer={{ id: 'springs', z: 0, x: 0, y: 0, width: 600, height: 400 }}
      onInput={(ev: InputEvent) => app.current?.input(ev)}
    >
      <canvas ref={canvas} width={600} height={400} style={{ width: 300 }} />
    </StreamSource>
  );
}

function ScoreLayer({ url, channel }: { url: string; channel: string }) {
  const [score, setScore] = React.useState({ home: 0, away: 0 });
  const canvas = React.useRef<HTMLCanvasElement>(null);
  React.useEffect(() => {
    const t = setInterval(
      () => setScore((s) => (Math.random() < 0.5 ? { ...s, home: s.home + 1 } : { ...s, away: s.away + 1 })),
      2000,
    );
    return () => clearInterval(t);
  }, []);
  React.useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (ctx) drawScore(ctx, score);
  }, [score]);
  return (
    <StreamSource
      url={url}
      channel={channel}
      mode="signal"
      signalState={score}
      // The scoreboard takes no input: clicks on it reach the springs below.
      layer={{ id: 'score', z: 20, x: 200, y: 8, width: SCORE_W, height: SCORE_H, input: false }}
    >
      <canvas ref={canvas} width={SCORE_W} height={SCORE_H} />
    </StreamSource>
  );
}

function PipLayer({ url, channel }: { url: string; channel: string }) {
  const canvas = React.useRef<HTMLCanvasElement>(null);
  const clicks = React.useRef<{ x: number; y: number }[]>([]);
  React.useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    let t = 0;
    const timer = setInterval(() => {
      t++;
      ctx.fillStyle = `hsl(${(t * 3) % 360} 60% 35%)`;
      ctx.fillRect(0, 0, c.width, c.height);
      ctx.fillStyle = '#fde047';
      for (const p of clicks.current) ctx.fillRect(p.x - 3, p.y - 3, 6, 6);
    }, 50);
    return () => clearInterval(timer);
  }, []);
  return (
    <StreamSource
      url={url}
      channel={channel}
      mode="delta"
      layer={{ id: 'pip', z: 10, x: 420, y: 260, width: 160, height: 120 }}
      // Clicks arrive in the PiP's own 160x120 pixels, wherever it sits in the composite.
      onInput={(ev) => {
        if (ev.kind === 'pointerdown') clicks.current = [...clicks.current.slice(-9), { x: ev.x, y: ev.y }];
      }}
    >
      <canvas ref={canvas} width={160} height={120} />
    </StreamSource>
  );
}

function LayerList() {
  const layers = useCompositionLayers();
  return (
    <ul style={{ color: '#cbd5e1', font: '12px monospace', margin: '4px 0' }}>
      {layers.map((l) => (
        <li key={l.name}>
          {l.name} z={l.z} {l.width}x{l.height}@{l.x},{l.y} {l.online ? 'online' : 'offline'}
          {l.input ? '' : ' (no input)'}
        </li>
      ))}
    </ul>
  );
}

/** Props of the composition demo. @internal */
export interface CompositionDemoProps {
  /** Relay URL (tests pass theirs). */
  url?: string;
  /** Channel (tests pass theirs). @defaultValue a fresh one per mount */
  channel?: string;
  /** Show the PiP source (turn it off to see its region cleared). */
  pip: boolean;
  /** Route input to the topmost layer under the pointer, or to every layer. */
  inputRouting: 'topmost' | 'broadcast';
}

/** The three layer sources beside the composite receiver. @internal */
export function CompositionDemo({
  url = RELAY_URL,
  channel: given,
  pip,
  inputRouting,
}: CompositionDemoProps) {
  const [fresh] = React.useState(() => storyChannel('composition'));
  const channel = given ?? fresh;
  return (
    <div style={{ display: 'flex', gap: 16, alignItems: 'flex-start' }}>
      <div style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
        <SpringsLayer url={url} channel={channel} />
        <ScoreLayer url={url} channel={channel} />
        {pip ? <PipLayer url={url} channel={channel} /> : null}
      </div>
      <StreamReceiver
        url={url}
        channel={channel}
        inputRouting={inputRouting}
        renderSignal={drawScore}
        canvasProps={{ style: { width: 600, height: 400, background: '#000' } }}
      >
        <LayerList />
      </StreamReceiver>
    </div>
  );
}

const meta = {
  title: 'Demo/Composition',
  component: CompositionDemo,
  // The component is exported for the e2e page that renders it; it is not a story.
  excludeStories: ['CompositionDemo'],
  parameters: {
    docs: {
      description: {
        component:
          'Three sources on one channel, each owning a composition layer: the springs scene (delta), a ' +
          'scoreboard (signal mode, no input) and a picture-in-picture (delta). The receiver composites them ' +
          'in z order every display frame; a click goes to the topmost layer under it, in that layer\u2019s ' +
          'own pixels (click the PiP: the dot lands where you clicked), keys to the last one clicked.',
      },
    },
  },
  argTypes: { inputRouting: { control: 'inline-radio', options: ['topmost', 'broadcast'] } },
  args: { pip: true, inputRouting: 'topmost' },
} satisfies Meta<typeof CompositionDemo>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Springs, scoreboard and PiP composited. */
export const ThreeSources: Story = {};
/** Without the PiP source: its region is cleared and shows the springs below. */
export const PipLeft: Story = { args: { pip: false } };
