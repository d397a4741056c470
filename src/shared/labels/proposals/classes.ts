/**
 * The class ids the engine proposes. Points and ranges, and the `anomaly` attribute, are classes of the
 * default schema (src/main/labels/defaultSchema.ts). The anomaly flags of DOMAIN §11.2 have no class
 * there yet: PROPOSED_CLASSES describes the ones the engine emits, for the schema to adopt. The
 * countersink's end (the hard stop) is the end of the `countersink` range, not a point of its own.
 */

export const POINT = Object.freeze({
  entry: 'entry',
  transition: 'cfrp_ti_transition',
  exit: 'exit',
  countersinkStart: 'countersink_start',
} as const);

export const RANGE = Object.freeze({
  air: 'air',
  cfrp: 'cfrp',
  ti: 'ti',
  countersink: 'countersink',
} as const);

export const ATTRIBUTE = Object.freeze({
  /** Default schema: choice of ANOMALY_CAUSES. */
  anomaly: 'anomaly',
  anomalyStopCode: 'anomaly_stop_code',
  cycleOk: 'cycle_ok',
  triggerNotFired: 'trigger_not_fired',
  clockUnset: 'clock_unset',
  convertedFile: 'converted_file',
} as const);

/** Causes of the default schema's `anomaly` choice that the engine can name. */
export const ANOMALY_CAUSE = Object.freeze({
  airCycle: 'air cycle',
  sensorFault: 'sensor fault',
  toolBreak: 'tool break',
  other: 'other',
} as const);

/** Classes the engine emits that the default schema lacks, in the schema's own shape. */
export const PROPOSED_CLASSES = Object.freeze([
  { id: ATTRIBUTE.anomalyStopCode, name: 'Anomaly stop code', kind: 'attribute', valueType: 'text' },
  { id: ATTRIBUTE.cycleOk, name: 'Cycle OK', kind: 'attribute', valueType: 'boolean' },
  { id: ATTRIBUTE.triggerNotFired, name: 'Trigger did not fire', kind: 'attribute', valueType: 'text' },
  { id: ATTRIBUTE.clockUnset, name: 'Controller clock unset (1970)', kind: 'attribute', valueType: 'boolean' },
  { id: ATTRIBUTE.convertedFile, name: 'Converted file (rebuilt from MQTT)', kind: 'attribute', valueType: 'text' },
] as const);
