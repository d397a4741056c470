/**
 * The `metadata_props` of an ONNX file, read straight from its protobuf bytes: onnxruntime's JavaScript API
 * exposes the graph's inputs and outputs but not the model's custom metadata, and the metadata is what says
 * how to feed the model. Only the top level of ModelProto is walked; the graph (field 7) is skipped by its
 * length, so a large model costs one pass over a few field headers.
 *
 * ModelProto.metadata_props is field 14, repeated StringStringEntryProto { key = 1, value = 2 }.
 */

const METADATA_PROPS = 14;

export class OnnxFormatError extends Error {}

interface Cursor {
  bytes: Uint8Array;
  at: number;
}

function varint(c: Cursor, where: string): number {
  let result = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (c.at >= c.bytes.length) throw new OnnxFormatError(`${where}: the protobuf ends inside a varint at byte ${c.at}`);
    const b = c.bytes[c.at++]!;
    result += (b & 0x7f) * scale;
    if ((b & 0x80) === 0) return result;
    scale *= 128;
  }
  throw new OnnxFormatError(`${where}: a varint longer than 10 bytes at byte ${c.at}`);
}

/** Calls `field` for every field of the message in bytes[from, to); length-delimited values as a sub-range. */
function walk(bytes: Uint8Array, from: number, to: number, where: string, field: (num: number, start: number, end: number) => void): void {
  const c: Cursor = { bytes, at: from };
  while (c.at < to) {
    const tag = varint(c, where);
    const num = Math.floor(tag / 8);
    const wire = tag & 7;
    if (num === 0) throw new OnnxFormatError(`${where}: field number 0 at byte ${c.at}: not a protobuf message`);
    if (wire === 0) varint(c, where);
    else if (wire === 1) c.at += 8;
    else if (wire === 5) c.at += 4;
    else if (wire === 2) {
      const len = varint(c, where);
      const start = c.at;
      c.at += len;
      if (c.at > to) throw new OnnxFormatError(`${where}: field ${num} claims ${len} bytes at byte ${start}, past the end (${to})`);
      field(num, start, c.at);
    } else throw new OnnxFormatError(`${where}: unsupported protobuf wire type ${wire} at byte ${c.at}: expected an ONNX model`);
    if (c.at > to) throw new OnnxFormatError(`${where}: truncated protobuf (field ${num} runs past byte ${to})`);
  }
}

/** The model's metadata_props as a map (a repeated key keeps its last value, as onnx does). */
export function readOnnxMetadataProps(bytes: Uint8Array, where: string): Map<string, string> {
  const props = new Map<string, string>();
  const text = new TextDecoder('utf-8', { fatal: false });
  walk(bytes, 0, bytes.length, where, (num, start, end) => {
    if (num !== METADATA_PROPS) return;
    let key = '';
    let value = '';
    walk(bytes, start, end, where, (n, s, e) => {
      if (n === 1) key = text.decode(bytes.subarray(s, e));
      else if (n === 2) value = text.decode(bytes.subarray(s, e));
    });
    props.set(key, value);
  });
  return props;
}
