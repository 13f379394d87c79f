// Renders a Demo/Modes story (its meta and story args, the same component Storybook shows)
// without the Storybook runtime, against the test relay. Query: relay, channel, story, fps (overrides
// the story's).
import { createRoot } from 'react-dom/client';
import meta, { Delta, Neural, Pixel, Signal } from '../../../stories/Modes.stories';
import { SideBySide } from '../../../stories/springs/SideBySide';
import type { SpringsApp } from '../../../stories/springs/springs-app';
import { hashCanvas, param } from './probe';

const stories = { pixel: Pixel, delta: Delta, signal: Signal, neural: Neural };
const story = stories[param('story', 'delta') as keyof typeof stories];
let app: SpringsApp | null = null;

const canvasOf = (role: 'source' | 'receiver') =>
  document.querySelector<HTMLCanvasElement>(`[data-ds-role="${role}"] canvas`);
const statsOf = (role: 'source' | 'receiver') =>
  Object.fromEntries(
    Array.from(document.querySelectorAll(`[data-ds-role="${role}"] [data-ds-stat]`)).map((e) => [
      e.getAttribute('data-ds-stat'),
      e.textContent,
    ]),
  );

createRoot(document.getElementById('root')!).render(
  <SideBySide
    {...meta.args}
    {...story.args}
    url={param('relay', 'ws://127.0.0.1:9100')}
    channel={param('channel', 'story')}
    {...(param('fps', '') ? { fps: Number(param('fps', '')) } : {})}
    onReady={(a) => {
      app = a;
    }}
  />,
);

Object.assign(window, {
  e2e: {
    app: () => app,
    hash: (role: 'source' | 'receiver') => {
      const canvas = canvasOf(role);
      return canvas ? hashCanvas(canvas) : 'missing';
    },
    stats: statsOf,
  },
});
