// The controller forgets receivers the relay says are gone, one by one or by its snapshot.
import { createQualityController } from '@ds-stream/react/core';
import { expect, test } from 'vitest';

function withLinks(ids: string[]) {
  const qc = createQualityController({ mode: 'pixel', fps: 30 });
  qc.onFrameSent({ seq: 0, timestamp: 0, bytes: 1000 }, 0);
  for (const receiverId of ids) {
    qc.onAck({ ackSeq: 0, echoTimestamp: 0, decodeMicros: 100, queueDepth: 1, receiverId }, 20);
  }
  return qc;
}

test('removeReceiver forgets one link at once', () => {
  const qc = withLinks(['1', '2']);
  qc.removeReceiver('1', 30);
  expect([...qc.state.links.keys()]).toEqual(['2']);
});

test('setReceivers keeps only the listed links; an empty list clears as clearReceivers does', () => {
  const qc = withLinks(['1', '2', '3', '']);
  const before = qc.state;
  qc.setReceivers(['1', '2', '3', ''], 30);
  expect(qc.state).toBe(before);
  qc.setReceivers(['3', '9'], 30);
  expect([...qc.state.links.keys()]).toEqual(['3']);
  qc.setReceivers([], 40);
  expect(qc.state.links.size).toBe(0);
  expect(qc.state.congestedSince).toBeNull();
});
