/**
 * The label schema a new catalog starts with (DOMAIN §11, §12.1), seeded by the label schema store. Existing
 * catalogs keep whatever their users made of it, except that a class added here in a later version of the
 * defaults (DEFAULT_CLASSES_ADDED) is added to them once, when absent, without a hotkey.
 *
 * Keyboard map (remappable in the schema editor; keys the annotation view needs are refused there):
 *   points      e entry · t CFRP→Ti transition · x exit · c countersink start
 *   ranges      1 air · 2 CFRP · 3 Ti · 4 shim · 5 countersink      (number keys, as in ephyviewer / CVAT)
 *   attributes  g stack thickness (gauge) · d predrilled · a anomaly · m comment (memo)
 * Kept free for the view: [ ] { } (nudge edges) ? (help) n p (next/previous file) u z y (undo/redo),
 * Delete, Enter, Escape, Tab, Space and the arrows.
 */
import type { LabelSchema } from '../../shared/api/labels.contract';

/** Causes an annotator can give for an anomalous cycle (DOMAIN §11.2, §11.4, §14 rows 23, 30). */
export const ANOMALY_CAUSES = ['none', 'air cycle', 're-drill', 'tool break', 'sensor fault', 'other'] as const;

export const DEFAULT_SCHEMA: LabelSchema = {
  classes: [
    // Key points: the three of the abyss reference model plus where the countersink begins.
    { id: 'entry', name: 'Entry', kind: 'point', colour: '#2ca02c', hotkey: 'e' },
    { id: 'cfrp_ti_transition', name: 'CFRP→Ti transition', kind: 'point', colour: '#ff7f0e', hotkey: 't' },
    { id: 'exit', name: 'Exit', kind: 'point', colour: '#d62728', hotkey: 'x' },
    { id: 'countersink_start', name: 'Countersink start', kind: 'point', colour: '#9467bd', hotkey: 'c' },
    // Layers and phases along the depth axis.
    { id: 'air', name: 'Air', kind: 'range', colour: '#c7c7c7', hotkey: '1' },
    { id: 'cfrp', name: 'CFRP', kind: 'range', colour: '#1f77b4', hotkey: '2' },
    { id: 'ti', name: 'Ti', kind: 'range', colour: '#8c564b', hotkey: '3' },
    { id: 'shim', name: 'Shim', kind: 'range', colour: '#bcbd22', hotkey: '4' },
    { id: 'countersink', name: 'Countersink', kind: 'range', colour: '#e377c2', hotkey: '5' },
    // Whole-file facts that are not in the XLS (DOMAIN §11.4).
    { id: 'stack_thickness', name: 'Stack thickness (measured)', kind: 'attribute', colour: '#17becf', hotkey: 'g', valueType: 'number', unit: 'mm' },
    { id: 'predrilled', name: 'Predrilled', kind: 'attribute', colour: '#7f7f7f', hotkey: 'd', valueType: 'boolean' },
    { id: 'anomaly', name: 'Anomaly', kind: 'attribute', colour: '#843c39', hotkey: 'a', valueType: 'choice', choices: [...ANOMALY_CAUSES] },
    { id: 'comment', name: 'Comment', kind: 'attribute', colour: '#393b79', hotkey: 'm', valueType: 'text' },
    // Read from the file by the proposal engine (DOMAIN §11.2): proposed, then accepted or rejected by a human.
    { id: 'anomaly_stop_code', name: 'Anomaly stop code', kind: 'attribute', colour: '#ad494a', hotkey: null, valueType: 'text' },
    { id: 'cycle_ok', name: 'Cycle OK', kind: 'attribute', colour: '#637939', hotkey: null, valueType: 'boolean' },
    { id: 'trigger_not_fired', name: 'Trigger did not fire', kind: 'attribute', colour: '#8c6d31', hotkey: null, valueType: 'text' },
    { id: 'clock_unset', name: 'Controller clock unset (1970)', kind: 'attribute', colour: '#7b4173', hotkey: null, valueType: 'boolean' },
    { id: 'converted_file', name: 'Converted file (rebuilt from MQTT)', kind: 'attribute', colour: '#3182bd', hotkey: null, valueType: 'text' },
  ],
};

/** The version of DEFAULT_SCHEMA; bump it when classes are added, and list them under the new version. */
export const DEFAULT_SCHEMA_VERSION = 2;
export const DEFAULT_CLASSES_ADDED: Readonly<Record<number, readonly string[]>> = {
  2: ['anomaly_stop_code', 'cycle_ok', 'trigger_not_fired', 'clock_unset', 'converted_file'],
};
