// Every module barrel, for the package's own tests, benches and tools: the internal names
// (`@internal`) that @ds-stream/react/core leaves out are here too. Not a package entry.

export * from './codec/index';
export * from './media/index';
export * from './protocol/index';
export * from './quality/index';
export * from './receiver/index';
export * from './source/index';
export * from './transport/index';
