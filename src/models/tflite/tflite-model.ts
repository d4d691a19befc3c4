import { FlatTable } from './flatbuffer-table.js';

/** TFLite's TensorType enum, the values these models use. */
export const TensorType = { FLOAT32: 0, FLOAT16: 1, INT32: 2, UINT8: 3, INT64: 4, INT8: 9 } as const;

/** TFLite's BuiltinOperator enum, the operators handflow's converter understands. */
export const BuiltinOperator = {
  ADD: 0,
  CONCATENATION: 2,
  CONV_2D: 3,
  DEPTHWISE_CONV_2D: 4,
  DEQUANTIZE: 6,
  FULLY_CONNECTED: 9,
  LOGISTIC: 14,
  MAX_POOL_2D: 17,
  RESHAPE: 22,
  RESIZE_BILINEAR: 23,
  PAD: 34,
  MEAN: 40,
  PRELU: 54,
} as const;

export interface TfliteTensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly type: number;
  /** The constant data, when the tensor is a weight (an empty buffer means a runtime tensor). */
  readonly data: Uint8Array | undefined;
}

export interface TfliteOperator {
  /** The builtin operator code; custom operators are rejected at parse time. */
  readonly opcode: number;
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
  /** The operator's BuiltinOptions table, read by field id according to `opcode`. */
  readonly options: FlatTable | undefined;
}

export interface TfliteModel {
  readonly tensors: readonly TfliteTensor[];
  readonly operators: readonly TfliteOperator[];
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
}

// Field ids from TensorFlow Lite's schema.fbs.
const MODEL = { operatorCodes: 1, subgraphs: 2, buffers: 4 };
const OPERATOR_CODE = { deprecatedBuiltinCode: 0, customCode: 1, builtinCode: 3 };
const SUBGRAPH = { tensors: 0, inputs: 1, outputs: 2, operators: 3 };
const TENSOR = { shape: 0, type: 1, buffer: 2, name: 3 };
const OPERATOR = { opcodeIndex: 0, inputs: 1, outputs: 2, builtinOptions: 4 };
const BUFFER = { data: 0, offset: 1 };
/** Builtin codes above 127 live in a separate int32 field; the byte field then holds this placeholder. */
const PLACEHOLDER_FOR_GREATER_OP_CODES = 127;

/** Parses a `.tflite` flatbuffer holding a single subgraph into plain data. */
export function parseTfliteModel(bytes: Uint8Array): TfliteModel {
  if (bytes.length < 8 || String.fromCharCode(...bytes.subarray(4, 8)) !== 'TFL3') {
    throw new Error('not a TFLite model: the file identifier "TFL3" is missing');
  }
  const model = FlatTable.root(bytes);
  const opcodes = model.tables(MODEL.operatorCodes).map((code) => {
    if (code.string(OPERATOR_CODE.customCode) !== undefined) {
      throw new Error(`custom TFLite operator "${code.string(OPERATOR_CODE.customCode)}" is not supported`);
    }
    const deprecated = code.int8(OPERATOR_CODE.deprecatedBuiltinCode, 0);
    return deprecated === PLACEHOLDER_FOR_GREATER_OP_CODES ? code.int32(OPERATOR_CODE.builtinCode, 0) : deprecated;
  });
  const buffers = model.tables(MODEL.buffers).map((buffer) => {
    if (buffer.has(BUFFER.offset)) throw new Error('TFLite models with external buffers are not supported');
    const data = buffer.bytes(BUFFER.data);
    return data && data.length > 0 ? data : undefined;
  });
  const subgraphs = model.tables(MODEL.subgraphs);
  if (subgraphs.length !== 1) throw new Error(`expected one TFLite subgraph, found ${subgraphs.length}`);
  const graph = subgraphs[0]!;

  const tensors = graph.tables(SUBGRAPH.tensors).map(
    (tensor): TfliteTensor => ({
      name: tensor.string(TENSOR.name) ?? '',
      shape: tensor.int32s(TENSOR.shape),
      type: tensor.int8(TENSOR.type, TensorType.FLOAT32),
      data: buffers[tensor.uint32(TENSOR.buffer, 0)],
    }),
  );
  const operators = graph.tables(SUBGRAPH.operators).map(
    (op): TfliteOperator => ({
      opcode: opcodes[op.uint32(OPERATOR.opcodeIndex, 0)]!,
      inputs: op.int32s(OPERATOR.inputs),
      outputs: op.int32s(OPERATOR.outputs),
      options: op.table(OPERATOR.builtinOptions),
    }),
  );
  return { tensors, operators, inputs: graph.int32s(SUBGRAPH.inputs), outputs: graph.int32s(SUBGRAPH.outputs) };
}
