// @ds-stream/react: React components and hooks, plus the public types they use.
export * from './core';
