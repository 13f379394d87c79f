// Renders the Demo/Composition story (its meta args, the component Storybook shows) without the
// Storybook runtime, against the test relay: the React path (<StreamSource layer>, <StreamReceiver>
// loading the compositor, useCompositionLayers). Query: relay, channel.
import { createRoot } from 'react-dom/client';
import meta, { CompositionDemo } from '../../../stories/Composition.stories';
import { param } from '../pages/probe';

createRoot(document.getElementById('root')!).render(
  <CompositionDemo
    {...meta.args}
    url={param('relay', 'ws://127.0.0.1:9100')}
    channel={param('channel', 'story')}
  />,
);

const receiverCanvas = () => document.querySelector<HTMLCanvasElement>('[data-ds-role="receiver"] canvas');
Object.assign(window, {
  e2e: {
    layers: () =>
      Array.from(document.querySelectorAll('[data-ds-role="receiver"] li')).map((e) => e.textContent),
    size: () => ({ width: receiverCanvas()?.width ?? 0, height: receiverCanvas()?.height ?? 0 }),
    pixel: (x: number, y: number) => {
      const c = receiverCanvas();
      const ctx = c?.getContext('2d');
      return ctx ? Array.from(ctx.getImageData(x, y, 1, 1).data) : null;
    },
  },
});
