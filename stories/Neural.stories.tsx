import type { Meta, StoryObj } from '@storybook/react-vite';
import { GENERATOR_FIGURES as A, LATENT_FIGURES as B } from './neural/figures';
import { NeuralDemo } from './neural/NeuralDemo';

const meta = {
  title: 'Demo/Neural',
  component: NeuralDemo,
  parameters: {
    docs: {
      description: {
        component:
          'The two trained models of `@ds-stream/react/neural` on the springs demo, through the dev relay. Both are ' +
          'small convolutional nets trained on CPU with tfjs (wasm backend) on (state, frame) pairs from the ' +
          "demo's own simulation and renderer, shipped as uint8 weights, and loaded (with tfjs) only when a story " +
          'mounts. They draw at 150 x 100 and scale up to 600 x 400, so they cannot beat the scaled-up true frame ' +
          '(33.05 dB) and do not draw the impact counter. Figures: held-out test states, BENCHMARKS.md.',
      },
    },
  },
  argTypes: {
    model: { control: false },
    fps: { control: { type: 'range', min: 1, max: 15, step: 1 } },
  },
  args: { fps: 5 },
} satisfies Meta<typeof NeuralDemo>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Model A: the source runs the generator on its signal state and streams the picture as NeuralFrame. */
export const Generator: Story = {
  args: { model: 'generator' },
  parameters: {
    docs: {
      description: {
        story:
          `Model A, a generator from the signal state (3 bodies, target, pointer) to the picture: ${A.params.toLocaleString('en')} ` +
          `parameters, ${A.weightBytes.toLocaleString('en')} bytes of uint8 weights, ${A.steps} training steps. ` +
          `Measured ${A.psnrDb.toFixed(2)} dB PSNR (SSIM ${A.ssim.toFixed(3)}) against the true render; the target was 25 dB. ` +
          'The source renders with the model instead of the app and sends the 600 x 400 RGBA as NeuralFrame (0x40, ' +
          'about 960 KB a frame, so a low fps); the receiver shows it like Pixels. Left: the true render; right: the model.',
      },
    },
  },
};

/** Model B: the source sends each frame as a 922-byte NeuralLatent; the receiver decodes it lazily. */
export const Latent: Story = {
  args: { model: 'latent' },
  parameters: {
    docs: {
      description: {
        story:
          `Model B, an autoencoder: the source encodes each frame to a 10 x 15 x 6 int8 latent, ${B.payloadBytes} bytes ` +
          `of payload (model id and version included) per frame; the receiver loads the decoder on the first latent. ` +
          `${B.params.toLocaleString('en')} parameters, ${B.weightBytes.toLocaleString('en')} bytes of uint8 weights, ` +
          `${B.steps} training steps. Measured ${B.psnrDb.toFixed(2)} dB PSNR (SSIM ${B.ssim.toFixed(3)}); WebP at the ` +
          `same bytes reaches ${B.webpPsnrDb.toFixed(2)} dB, so WebP is still the better codec here. The overlay shows ` +
          'bytes per frame and decode time; a latent of another model version is refused, never painted.',
      },
    },
  },
};
