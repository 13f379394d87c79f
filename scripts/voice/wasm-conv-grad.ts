// tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter kernel (tensorflow/tfjs#8474), so no conv
// layer trains on it. This registers one built from the backend's own Reshape and
// Conv3DBackpropFilterV2: a 2-D conv is a 3-D conv of depth 1. Correct for stride 1 only
// (wasm's Conv3DBackpropFilterV2 is wrong for stride 2, RESEARCH.md section 2), so it refuses
// anything else rather than train on wrong gradients.
import * as tf from '@tensorflow/tfjs';

type KernelFunc = NonNullable<ReturnType<typeof tf.getKernel>>['kernelFunc'];
interface Info {
  dataId: object;
  shape: number[];
}

/** Registers the missing wasm kernel once. */
export function registerWasmConvGrad(): void {
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) return;
  const reshape = tf.getKernel('Reshape', 'wasm')?.kernelFunc as KernelFunc;
  const conv3 = tf.getKernel('Conv3DBackpropFilterV2', 'wasm')?.kernelFunc as KernelFunc;
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs as unknown as { x: Info; dy: Info };
      const a = attrs as unknown as {
        strides: number | [number, number];
        pad: 'same' | 'valid';
        filterShape: [number, number, number, number];
      };
      const [sh, sw] = typeof a.strides === 'number' ? [a.strides, a.strides] : a.strides;
      if (sh !== 1 || sw !== 1)
        throw new Error(`Conv2DBackpropFilter on wasm: stride ${sh}x${sw}; only stride 1 is correct`);
      const [n, h, w, c] = x.shape as [number, number, number, number];
      const [, oh, ow, oc] = dy.shape as [number, number, number, number];
      const b = backend as unknown as { disposeData(id: object): void };
      const x5 = reshape({
        inputs: { x } as never,
        backend,
        attrs: { shape: [n, 1, h, w, c] },
      }) as unknown as Info;
      const dy5 = reshape({
        inputs: { x: dy } as never,
        backend,
        attrs: { shape: [n, 1, oh, ow, oc] },
      }) as unknown as Info;
      const dw5 = conv3({
        inputs: { x: x5, dy: dy5 } as never,
        backend,
        attrs: { strides: [1, 1, 1], pad: a.pad, filterShape: [1, ...a.filterShape] },
      }) as unknown as Info;
      const out = reshape({ inputs: { x: dw5 } as never, backend, attrs: { shape: a.filterShape } });
      b.disposeData(x5.dataId);
      b.disposeData(dy5.dataId);
      b.disposeData(dw5.dataId);
      return out;
    },
  });
}
