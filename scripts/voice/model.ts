// The keyword spotter as a tfjs model, for training only. Mirrors src/neural/keyword/cnn.ts
// layer for layer (the shipped forward pass is plain TypeScript).
import * as tf from '@tensorflow/tfjs';
import { LOG_MEL } from '../../src/media/log-mel';
import { KEYWORD_LABELS } from '../../src/neural/keyword/labels';

export function buildModel(learningRate = 1e-3): tf.LayersModel {
  const m = tf.sequential();
  m.add(
    tf.layers.conv2d({
      inputShape: [LOG_MEL.windowFrames, LOG_MEL.bands, 1],
      filters: 16,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      name: 'c1',
    }),
  );
  m.add(tf.layers.averagePooling2d({ poolSize: 2 }));
  m.add(tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', name: 'c2' }));
  m.add(tf.layers.averagePooling2d({ poolSize: 2 }));
  m.add(tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', name: 'c3' }));
  m.add(tf.layers.averagePooling2d({ poolSize: 2 }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dropout({ rate: 0.3 }));
  m.add(tf.layers.dense({ units: 64, activation: 'relu', name: 'd1' }));
  m.add(tf.layers.dropout({ rate: 0.3 }));
  m.add(tf.layers.dense({ units: KEYWORD_LABELS.length, activation: 'softmax', name: 'd2' }));
  m.compile({
    optimizer: tf.train.adam(learningRate),
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
  });
  return m;
}
