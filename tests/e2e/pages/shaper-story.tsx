// Renders the Demo/Adaptive quality story (its meta args, the component Storybook shows) without
// the Storybook runtime; the page server carries the same link-shaper endpoint as Storybook's.
// Query: relay, channel, fps.
import type { SourceEngine } from '@ds-stream/react/core';
import { createRoot } from 'react-dom/client';
import meta from '../../../stories/Adaptive.stories';
import { AdaptiveDemo } from '../../../stories/springs/AdaptiveDemo';
import { param } from './probe';

let engine: SourceEngine | null = null;

createRoot(document.getElementById('root')!).render(
  <AdaptiveDemo
    {...meta.args}
    url={param('relay', 'ws://127.0.0.1:9100')}
    channel={param('channel', 'shaper-story')}
    fps={Number(param('fps', String(meta.args.fps)))}
    onReady={(_, e) => {
      engine = e;
    }}
  />,
);

Object.assign(window, {
  e2e: {
    quality: () => engine?.store.getState().quality ?? null,
    receiverStats: () =>
      Object.fromEntries(
        Array.from(document.querySelectorAll('[data-ds-role="receiver"] [data-ds-stat]')).map((e) => [
          e.getAttribute('data-ds-stat'),
          e.textContent,
        ]),
      ),
  },
});
