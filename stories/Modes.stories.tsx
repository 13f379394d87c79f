import type { Meta, StoryObj } from '@storybook/react-vite';
import { createNeuralFrameEncoder } from './springs/neural-frame-encoder';
import { SideBySide } from './springs/SideBySide';
import { CAPTION } from './springs/SpringsReceiver';

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
 * NeuralFrame transport without a model (the trained models are in Demo/Neural). The source plugs a neural encoder
 * in through `encoders={{ neural }}`: here it sends each picture unchanged as a NeuralFrame (0x40,
 * same bytes as pixel mode), and the receiver renders it like Pixels, so its overlay shows
 * `neural`. A real model would send a smaller picture or a NeuralLatent (0x43) instead. Without
 * an encoder for `neural`, a source falls back to delta and says so.
 */
export const Neural: Story = {
  args: {
    mode: 'neural',
    encoders: { neural: createNeuralFrameEncoder },
    children: (
      <p style={CAPTION}>
        NeuralFrame transport (0x40, the picture unchanged); the trained models are in Demo/Neural.
      </p>
    ),
  },
  argTypes: { encoders: { control: false } },
};
