import type { Meta, StoryObj } from '@storybook/react-vite';
import { AdaptiveDemo } from './springs/AdaptiveDemo';

const meta = {
  title: 'Demo/Adaptive quality',
  component: AdaptiveDemo,
  parameters: {
    docs: {
      description: {
        component:
          'The springs source runs in mode auto with `quality`: it offers quality layers (lossless delta, lossy ' +
          'WebP, signal) and produces those some receiver is on. Two receivers watch it: one direct, one through ' +
          'a link shaper (a TCP proxy in front of the dev relay that `npm run storybook` starts). Press "throttle ' +
          'to 30 KB/s": the relay moves the shaped receiver down a layer (lossy, then signal if need be) while the ' +
          'direct one stays on lossless; each overlay shows its layer, and the panel shows each layer with its ' +
          'receivers, fps and bytes/s. "lift" removes the limit and the shaped receiver climbs back to lossless. ' +
          'In a static build there is no relay or shaper, and the story says so.',
      },
    },
  },
  argTypes: { fps: { control: { type: 'range', min: 5, max: 60, step: 5 } } },
  args: { fps: 30 },
} satisfies Meta<typeof AdaptiveDemo>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Both receivers start on lossless; the buttons narrow and lift the shaped receiver's link. */
export const AdaptiveQuality: Story = {};
