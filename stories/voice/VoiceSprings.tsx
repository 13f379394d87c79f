// The springs demo driven by voice: the receiver's microphone streams as VoiceInput, the source's
// keyword spotter turns it into intents, and each intent becomes the same input a keyboard would
// send (arrows nudge the target, "go" kicks the bodies, "stop" freezes the scene until "go").
import { StreamReceiver, useVoiceIntents, type VoiceIntent } from '@ds-stream/react';
import * as React from 'react';
import { createIntentRecognizer } from '../../src/neural/keyword/index';
import { RELAY_URL, storyChannel } from '../relay-url';
import { SpringsSource } from '../springs/SpringsSource';
import type { SpringsApp } from '../springs/springs-app';
import { Mic } from './VoiceDemo';

const KEYS: Record<string, number> = { left: 37, up: 38, right: 39, down: 40, go: 32 };

/** Applies one intent to the springs scene. @internal */
export function applyVoiceIntent(app: SpringsApp, intent: string): void {
  if (intent === 'stop') {
    app.pause();
    return;
  }
  if (intent === 'go') app.resume();
  const keyCode = KEYS[intent];
  if (keyCode !== undefined) app.input({ kind: 'keydown', keyCode, modifiers: 0 });
}

function Intents({ app, onIntent }: { app: SpringsApp | null; onIntent: (i: VoiceIntent) => void }) {
  useVoiceIntents({
    recognizer: () => createIntentRecognizer(),
    onIntent: (i) => {
      if (app) applyVoiceIntent(app, i.intent);
      onIntent(i);
    },
  });
  return null;
}

/** Springs source and a receiver with its microphone on. @internal */
export function VoiceSprings({ url = RELAY_URL }: { url?: string }) {
  const [channel] = React.useState(() => storyChannel('voice-springs'));
  const [app, setApp] = React.useState<SpringsApp | null>(null);
  const [last, setLast] = React.useState('');
  return (
    <div style={{ display: 'flex', gap: 24, color: '#e2e8f0', font: '13px system-ui' }}>
      <div>
        <SpringsSource url={url} channel={channel} mode="delta" fps={30} autopilot={false} onReady={setApp}>
          <Intents app={app} onIntent={(i) => setLast(i.intent)} />
        </SpringsSource>
        <p>
          last intent: <strong data-ds-intent={last}>{last || '(none)'}</strong>
        </p>
      </div>
      <StreamReceiver url={url} channel={channel} inputs={false} style={{ width: 600, height: 400 }}>
        <Mic options={{ mode: 'voice-activity', codec: 'auto' }} />
      </StreamReceiver>
    </div>
  );
}
