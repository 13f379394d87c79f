import type { Meta, StoryObj } from '@storybook/react-vite';
import { VoiceDemo } from './voice/VoiceDemo';
import { VoiceSprings } from './voice/VoiceSprings';

const meta = {
  title: 'Demo/Voice',
  component: VoiceDemo,
  args: { voice: true, mode: 'voice-activity', codec: 'auto' },
  argTypes: {
    mode: { control: 'inline-radio', options: ['voice-activity', 'push-to-talk'] },
    codec: { control: 'inline-radio', options: ['auto', 'opus', 'pcm'] },
  },
} satisfies Meta<typeof VoiceDemo>;

export default meta;
type Story = StoryObj<typeof meta>;

/**
 * The receiver streams its microphone as VoiceInput (Opus, voice-activity gated) and the source's
 * keyword spotter turns it into intents: say "left", "right", "up", "down", "stop" or "go". The
 * model was trained on synthetic espeak-ng voices only; how well it hears real speakers is not
 * measured yet (retrain on your own recordings: `npm run train:voice -- --samples dir/`).
 */
export const VoiceCommands: Story = {};

/** The same with push-to-talk: hold the button while speaking. */
export const PushToTalk: Story = { args: { mode: 'push-to-talk' } };

/**
 * The springs demo moved by voice: "left", "right", "up", "down" nudge the target, "go" kicks
 * the bodies, "stop" freezes the scene until the next "go".
 */
export const Springs: Story = { render: () => <VoiceSprings /> };
