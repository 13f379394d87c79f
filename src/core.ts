// @ds-stream/react/core: framework-free surface (protocol, codecs, transports, engines).

export * from './codec/index';
export * from './media/index';
export * from './protocol/index';
export * from './quality/index';
export * from './receiver/index';
export * from './source/index';
export * from './transport/index';
