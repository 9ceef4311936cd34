// The EDN layer's public surface: reader, nodes, values, conversion, printing, navigation.
export * from './nodes';
export * from './findings';
export * from './reader';
export * from './positions';
export * from './values';
export * from './convert';
export * from './printer';
export * from './navigate';
export * from './string-offsets';
