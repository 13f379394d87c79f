import type { Meta, StoryObj } from '@storybook/react-vite';
import { SideBySide } from './springs/SideBySide';

const meta = {
  title: 'Demo/Modes',
  component: SideBySide,
  parameters: {
    docs: {
      description: {
        component:
          'The springs demo streamed through the dev relay (started with Storybook) to a receiver on the same ' +
          'page, in each mode. The overlays read fps, bandwidth, round-trip time, mode and quality level from ' +
          "the engines' Zustand stores. Move the pointer, click or press arrow keys over the receiver.",
      },
    },
  },
  argTypes: {
    mode: { control: 'inline-radio', options: ['pixel', 'delta', 'compressed', 'signal', 'neural'] },
    fps: { control: { type: 'range', min: 1, max: 60, step: 1 } },
    receivers: { control: { type: 'range', min: 1, max: 4, step: 1 } },
  },
  args: { fps: 30, receivers: 1, autopilot: true },
} satisfies Meta<typeof SideBySide>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Raw RGBA keyframes: about 28 MB/s at 600x400 and 30 fps. */
export const Pixel: Story = { args: { mode: 'pixel' } };
/** XOR against the previous frame, run-length encoded, with periodic keyframes. */
export const Delta: Story = { args: { mode: 'delta' } };
/** Only the app's state crosses the wire; the receiver renders it with the same renderer. */
export const Signal: Story = { args: { mode: 'signal' } };
/** Frames encoded as WebP (or PNG) images by the browser: lossy, far smaller than delta. */
export const Compressed: Story = { args: { mode: 'compressed' } };
/**
 * The neural path. No model ships with the library yet: until an app plugs in a neural encoder
 * (`createSourceEngine({ encoders: { neural } })`), the source falls back to delta, and the
 * receiver's overlay shows the mode that actually runs.
 */
export const Neural: Story = { args: { mode: 'neural' } };
