/** Public surface of the Setitec parser (pure TypeScript; runs in Node, workers and the renderer). */
export { parseSetitec, parseSetitecText } from './parse';
export { column, requireColumn, depth, totalCurrent, signalKey, splitNameUnit, SIGNAL_KEYS, DATAS_LAYOUTS, layoutForValueCount } from './columns';
export type { SignalKey, DatasLayout } from './columns';
export { stepBlocks, checkStepResults } from './crosscheck';
export type { StepBlock, StepCheck } from './crosscheck';
export { metaValue, sectionField, KNOWN_SECTIONS } from './metadata';
export { parseNumber, parseBoolean, parseSetitecDate, typeValue } from './values';
export { decodeLatin1, detectInput } from './decode';
export type * from './types';
