import { Builder, ByteBuffer, type Offset } from 'flatbuffers';

/**
 * MediaPipe Tasks reads an image model's input normalisation from the TFLite metadata (the "M001" flatbuffer
 * of metadata_schema.fbs, kept in a model buffer named TFLITE_METADATA) and refuses a float model without it.
 * The `@mediapipe/hands` models were made for the older Solutions API and carry none, so the comparison adds it.
 */
export interface InputNormalization {
  /** Subtracted from each 0-255 channel value. */
  readonly mean: number;
  /** The difference is divided by this. */
  readonly std: number;
}

/** The name MediaPipe's metadata extractor looks for among the model's metadata entries. */
const METADATA_NAME = 'TFLITE_METADATA';
const METADATA_IDENTIFIER = 'M001';
const TFLITE_IDENTIFIER = 'TFL3';

// Field ids from TensorFlow Lite's schema.fbs.
const MODEL = { version: 0, operatorCodes: 1, subgraphs: 2, description: 3, buffers: 4, metadataBuffer: 5, metadata: 6, signatureDefs: 7 };
const MODEL_FIELD_COUNT = 8;
const METADATA = { name: 0, buffer: 1 };
const BUFFER = { data: 0 };
// Field ids from MediaPipe's metadata_schema.fbs.
const MODEL_METADATA = { subgraphMetadata: 3 };
const SUBGRAPH_METADATA = { inputTensorMetadata: 2 };
const TENSOR_METADATA = { processUnits: 4 };
const PROCESS_UNIT = { optionsType: 0, options: 1 };
const NORMALIZATION_OPTIONS = { mean: 0, std: 1 };
/** ProcessUnitOptions union member NormalizationOptions. */
const PROCESS_UNIT_NORMALIZATION = 1;
/** The schema asks for model buffers aligned to 16 bytes (`force_align: 16`); keeping the model's own data at that alignment keeps its tensors aligned. */
const BUFFER_ALIGNMENT = 16;

/** The smallest metadata MediaPipe accepts for a single-input image model: the input's normalisation and nothing else. */
export function normalizationMetadata({ mean, std }: InputNormalization): Uint8Array {
  const builder = new Builder(256);
  const meanVector = floatVector(builder, [mean]);
  const stdVector = floatVector(builder, [std]);
  builder.startObject(2);
  builder.addFieldOffset(NORMALIZATION_OPTIONS.mean, meanVector, 0);
  builder.addFieldOffset(NORMALIZATION_OPTIONS.std, stdVector, 0);
  const normalization = builder.endObject();
  builder.startObject(2);
  builder.addFieldInt8(PROCESS_UNIT.optionsType, PROCESS_UNIT_NORMALIZATION, 0);
  builder.addFieldOffset(PROCESS_UNIT.options, normalization, 0);
  const processUnit = builder.endObject();
  const tensor = singleTable(builder, TENSOR_METADATA.processUnits, 5, offsetVector(builder, [processUnit]));
  const subgraph = singleTable(builder, SUBGRAPH_METADATA.inputTensorMetadata, 4, offsetVector(builder, [tensor]));
  const model = singleTable(builder, MODEL_METADATA.subgraphMetadata, 8, offsetVector(builder, [subgraph]));
  builder.finish(model, METADATA_IDENTIFIER);
  return builder.asUint8Array();
}

/**
 * A copy of a `.tflite` model with `metadata` added as its TFLITE_METADATA entry.
 *
 * Rewriting the whole model would need every table of the TFLite schema. Instead the old bytes are kept
 * whole at the end of the new buffer (FlatBuffers offsets are relative, so everything inside stays valid) and
 * a new root Model table is written in front of them: it points at the old operator codes, subgraphs and the
 * rest, and has new `buffers` and `metadata` vectors holding the old entries plus the new one.
 */
export function withTfliteMetadata(tflite: Uint8Array, metadata: Uint8Array): Uint8Array {
  if (tflite.length < 8 || new TextDecoder().decode(tflite.subarray(4, 8)) !== TFLITE_IDENTIFIER) {
    throw new Error(`not a TFLite model: the file identifier "${TFLITE_IDENTIFIER}" is missing`);
  }
  const old = new OldModel(tflite);
  const builder = new Builder(tflite.length + 1024);
  // Padded to the alignment, the old bytes end the buffer and start on an aligned position (the builder
  // aligns the buffer's total size to the largest alignment asked for).
  const padded = new Uint8Array(Math.ceil(tflite.length / BUFFER_ALIGNMENT) * BUFFER_ALIGNMENT);
  padded.set(tflite);
  builder.prep(BUFFER_ALIGNMENT, padded.length);
  builder.createByteVector(padded);
  // The builder addresses objects by their distance from the end of the buffer.
  const oldObject = (position: number): Offset => padded.length - position;

  const metadataBuffer = alignedByteVector(builder, metadata);
  builder.startObject(1);
  builder.addFieldOffset(BUFFER.data, metadataBuffer, 0);
  const newBuffer = builder.endObject();
  const buffers = offsetVector(builder, [...old.tables(MODEL.buffers).map(oldObject), newBuffer]);

  const name = builder.createString(METADATA_NAME);
  builder.startObject(2);
  builder.addFieldOffset(METADATA.name, name, 0);
  builder.addFieldInt32(METADATA.buffer, old.tables(MODEL.buffers).length, 0);
  const newMetadata = builder.endObject();
  const metadataEntries = offsetVector(builder, [...old.tables(MODEL.metadata).map(oldObject), newMetadata]);

  builder.startObject(MODEL_FIELD_COUNT);
  builder.addFieldInt32(MODEL.version, old.uint32(MODEL.version), 0);
  for (const field of [MODEL.operatorCodes, MODEL.subgraphs, MODEL.description, MODEL.metadataBuffer, MODEL.signatureDefs]) {
    const target = old.target(field);
    if (target !== undefined) builder.addFieldOffset(field, oldObject(target), 0);
  }
  builder.addFieldOffset(MODEL.buffers, buffers, 0);
  builder.addFieldOffset(MODEL.metadata, metadataEntries, 0);
  builder.finish(builder.endObject(), TFLITE_IDENTIFIER);
  return builder.asUint8Array().slice();
}

/** The root Model table of the original model, read by field id. */
class OldModel {
  private readonly bb: ByteBuffer;
  private readonly table: number;

  constructor(bytes: Uint8Array) {
    this.bb = new ByteBuffer(bytes);
    this.table = this.bb.readInt32(0);
    const vtable = this.table - this.bb.readInt32(this.table);
    const fields = (this.bb.readUint16(vtable) - 4) / 2;
    for (let id = MODEL_FIELD_COUNT; id < fields; id++) {
      // A field this code does not know of would be lost in the new root table.
      if (this.bb.readUint16(vtable + 4 + 2 * id) !== 0) throw new Error(`the TFLite model has a Model field (id ${id}) newer than this writer`);
    }
  }

  uint32(id: number): number {
    const offset = this.bb.__offset(this.table, 4 + 2 * id);
    return offset ? this.bb.readUint32(this.table + offset) : 0;
  }

  /** The position of the object an offset field points at. */
  target(id: number): number | undefined {
    const offset = this.bb.__offset(this.table, 4 + 2 * id);
    return offset ? this.bb.__indirect(this.table + offset) : undefined;
  }

  /** The positions of the tables in a vector-of-tables field. */
  tables(id: number): number[] {
    const offset = this.bb.__offset(this.table, 4 + 2 * id);
    if (!offset) return [];
    const start = this.bb.__vector(this.table + offset);
    return Array.from({ length: this.bb.__vector_len(this.table + offset) }, (_, i) => this.bb.__indirect(start + 4 * i));
  }
}

function singleTable(builder: Builder, field: number, fieldCount: number, value: Offset): Offset {
  builder.startObject(fieldCount);
  builder.addFieldOffset(field, value, 0);
  return builder.endObject();
}

function offsetVector(builder: Builder, offsets: readonly Offset[]): Offset {
  builder.startVector(4, offsets.length, 4);
  for (let i = offsets.length - 1; i >= 0; i--) builder.addOffset(offsets[i]!);
  return builder.endVector();
}

function floatVector(builder: Builder, values: readonly number[]): Offset {
  builder.startVector(4, values.length, 4);
  for (let i = values.length - 1; i >= 0; i--) builder.addFloat32(values[i]!);
  return builder.endVector();
}

function alignedByteVector(builder: Builder, bytes: Uint8Array): Offset {
  builder.startVector(1, bytes.length, BUFFER_ALIGNMENT);
  for (let i = bytes.length - 1; i >= 0; i--) builder.addInt8(bytes[i]!);
  return builder.endVector();
}
