import type { Meta, StoryObj } from '@storybook/react-vite';
import { AdaptiveDemo } from './springs/AdaptiveDemo';

const meta = {
  title: 'Demo/Adaptive quality',
  component: AdaptiveDemo,
  parameters: {
    docs: {
      description: {
        component:
          'The springs source runs with the quality controller on; its receiver connects through a link ' +
          'shaper (a TCP proxy in front of the dev relay that `npm run storybook` starts). Press "throttle to ' +
          '2 MB/s" or "300 KB/s": the receiver falls behind, its ACKs say so, and the source steps down the ' +
          'ladder (pixel → compressed → delta → signal, then lower fps), shown with the reason in the panel and ' +
          'the overlays. "lift" removes the limit and the level climbs back. In a static build there is no ' +
          'relay or shaper, and the story says so.',
      },
    },
  },
  argTypes: { fps: { control: { type: 'range', min: 5, max: 60, step: 5 } } },
  args: { fps: 30 },
} satisfies Meta<typeof AdaptiveDemo>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Starts at pixel on an unlimited link; the buttons narrow and lift the receiver's link. */
export const AdaptiveQuality: Story = {};
