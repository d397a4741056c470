/** Reading and validating a model's `udw` metadata from ONNX protobuf bytes (onnxProps.ts, modelMetadata.ts). */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { graphMismatch, metadataOfBytes, ModelMetadataError } from '../../../src/main/models/modelMetadata';
import { readOnnxMetadataProps } from '../../../src/main/models/onnxProps';

const TINY = path.resolve('test/fixtures/models/tiny.onnx');

function varint(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return out;
}

function lengthDelimited(field: number, bytes: number[]): number[] {
  return [...varint(field * 8 + 2), ...varint(bytes.length), ...bytes];
}

const utf8 = (s: string): number[] => [...Buffer.from(s, 'utf8')];

/** A ModelProto with ir_version, a dummy graph and the given metadata_props. */
function model(props: Record<string, string>): Uint8Array {
  const bytes = [...varint(1 * 8), ...varint(8), ...lengthDelimited(7, utf8('not really a graph'))];
  for (const [k, v] of Object.entries(props)) bytes.push(...lengthDelimited(14, [...lengthDelimited(1, utf8(k)), ...lengthDelimited(2, utf8(v))]));
  return Uint8Array.from(bytes);
}

const META = {
  format: 'udw-keypoint-heatmaps-1',
  input: { name: 'signals', channels: ['torque_net', 'thrust_net'] },
  output: { name: 'heatmaps', classes: ['entry', 'exit'] },
  resampling: { kind: 'depth', stepMm: 0.02 },
  normalisation: { mean: [1, 2], std: [3, 4], appliedInModel: true },
  classes: ['entry', 'exit'],
  peak: { sigmaSamples: 2 },
  snapshotId: 'abc',
  runId: null,
};

describe('model metadata', () => {
  it('reads the exported fixture model: channels, step, classes and lineage', () => {
    const m = metadataOfBytes(fs.readFileSync(TINY), TINY);
    expect(m.input.channels).toEqual(['torque_net', 'thrust_net']);
    expect(m.classes).toEqual(['entry', 'cfrp_ti_transition', 'exit']);
    expect(m.resampling.stepMm).toBe(0.02);
    expect(m.runId).toBe('run-tinyfixture01');
    expect(readOnnxMetadataProps(fs.readFileSync(TINY), TINY).get('input_channels')).toBe('torque_net,thrust_net');
  });

  it('reads hand-made protobuf, the last of repeated keys winning', () => {
    const props = readOnnxMetadataProps(model({ a: '1', udw: JSON.stringify(META) }), 'x');
    expect(props.get('a')).toBe('1');
    expect(metadataOfBytes(model({ udw: JSON.stringify(META) }), 'x.onnx').output.name).toBe('heatmaps');
  });

  it('refuses what it cannot follow, naming the file, the field and what was expected', () => {
    const refuse = (bytes: Uint8Array) => {
      try {
        metadataOfBytes(bytes, 'm.onnx');
      } catch (err) {
        expect(err).toBeInstanceOf(ModelMetadataError);
        return (err as Error).message;
      }
      throw new Error('accepted');
    };
    expect(refuse(model({ other: 'x' }))).toBe("m.onnx: no 'udw' metadata entry (it has other); expected an ONNX model exported by python-bridge (metadata entry 'udw' with format udw-keypoint-heatmaps-1)");
    expect(refuse(model({ udw: '{oops' }))).toMatch(/^m\.onnx: the 'udw' metadata entry is not JSON/);
    expect(refuse(model({ udw: JSON.stringify({ ...META, format: 'v2' }) }))).toMatch(/^m\.onnx: 'udw' metadata field format: .*expected an ONNX model exported by python-bridge/);
    expect(refuse(model({ udw: JSON.stringify({ ...META, input: { name: 'signals', channels: ['step'] } }) }))).toMatch(/field input\.channels\.0/);
    expect(refuse(model({ udw: JSON.stringify({ ...META, normalisation: { mean: [1], std: [1], appliedInModel: true } }) }))).toMatch(/1 means and 1 stds; expected one per input channel \(2\)/);
    expect(refuse(Uint8Array.from([0x0a, 0x7f, 1, 2]))).toMatch(/^m\.onnx: field 1 claims 127 bytes at byte 2, past the end \(4\); expected an ONNX model/);
    expect(refuse(Uint8Array.from([0x0f]))).toMatch(/unsupported protobuf wire type 7/);
  });

  it('checks the graph against the metadata', () => {
    const m = metadataOfBytes(model({ udw: JSON.stringify(META) }), 'x');
    const input = { name: 'signals', isTensor: true, type: 'float32', shape: ['batch', 2, 'length'] };
    const output = { name: 'heatmaps', isTensor: true, type: 'float32', shape: ['batch', 2, 'length'] };
    expect(graphMismatch(m, [input], [output], 'x')).toBeNull();
    expect(graphMismatch(m, [{ ...input, shape: ['batch', 3, 'length'] }], [output], 'x')).toMatch(/expected that$/);
    expect(graphMismatch(m, [{ ...input, type: 'float64' }], [output], 'x')).toMatch(/'signals' float64/);
    expect(graphMismatch(m, [input], [{ ...output, name: 'logits' }], 'x')).toMatch(/outputs are 'logits'.*an output 'heatmaps' float32 \(batch, 2 classes \[entry, exit\], length\)/);
  });
});
