// @ds-stream/react/core: framework-free surface (protocol, codecs, transports, engines).
export * from './protocol/index';
export * from './quality/index';
