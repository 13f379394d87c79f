// Renders the Demo/Adaptive quality story (its meta args, the component Storybook shows) without
// the Storybook runtime; the page server carries the same link-shaper endpoint as Storybook's.
// Query: relay, channel, fps.
import type { SourceEngine } from '@ds-stream/react/core';
import { createRoot } from 'react-dom/client';
import meta from '../../../stories/Adaptive.stories';
import { AdaptiveDemo } from '../../../stories/springs/AdaptiveDemo';
import { param } from './probe';

let engine: SourceEngine | null = null;
/** Every level/fps change of the source, in order (a probe up can be shorter than a poll). */
const levels: { level: string; fps: number; reason: string }[] = [];

createRoot(document.getElementById('root')!).render(
  <AdaptiveDemo
    {...meta.args}
    url={param('relay', 'ws://127.0.0.1:9100')}
    channel={param('channel', 'shaper-story')}
    fps={Number(param('fps', String(meta.args.fps)))}
    onReady={(_, e) => {
      if (engine === e) return;
      engine = e;
      e.store.subscribe((st, prev) => {
        const q = st.quality;
        if (q.level !== prev.quality.level || q.fps !== prev.quality.fps)
          levels.push({ level: q.level, fps: q.fps, reason: q.reason });
      });
    }}
  />,
);

Object.assign(window, {
  e2e: {
    quality: () => engine?.store.getState().quality ?? null,
    bytesOutPerSec: () => engine?.store.getState().stats.bytesOutPerSec ?? 0,
    levels: () => levels.slice(),
    layers: () => engine?.store.getState().layers ?? null,
    /** The overlay stats of the `direct` or `shaped` receiver (its layer among them). */
    receiverStats: (which: 'direct' | 'shaped') =>
      Object.fromEntries(
        Array.from(document.querySelectorAll(`[data-ds-receiver="${which}"] [data-ds-stat]`)).map((e) => [
          e.getAttribute('data-ds-stat'),
          e.textContent,
        ]),
      ),
  },
});
