import protobuf from 'protobufjs';

/**
 * The part of ONNX's `onnx.proto` (IR version 8) that a converted feed-forward model needs. Field numbers
 * are the official ones, so any ONNX reader accepts the result.
 */
const ONNX_PROTO_SUBSET = `
syntax = "proto3";
package onnx;
message AttributeProto {
  enum AttributeType { UNDEFINED = 0; FLOAT = 1; INT = 2; STRING = 3; TENSOR = 4; GRAPH = 5; FLOATS = 6; INTS = 7; STRINGS = 8; }
  string name = 1;
  float f = 2;
  int64 i = 3;
  bytes s = 4;
  TensorProto t = 5;
  repeated float floats = 7;
  repeated int64 ints = 8;
  AttributeType type = 20;
}
message ValueInfoProto { string name = 1; TypeProto type = 2; }
message NodeProto {
  repeated string input = 1;
  repeated string output = 2;
  string name = 3;
  string op_type = 4;
  repeated AttributeProto attribute = 5;
}
message ModelProto {
  int64 ir_version = 1;
  string producer_name = 2;
  string producer_version = 3;
  string doc_string = 6;
  GraphProto graph = 7;
  repeated OperatorSetIdProto opset_import = 8;
}
message GraphProto {
  repeated NodeProto node = 1;
  string name = 2;
  repeated TensorProto initializer = 5;
  repeated ValueInfoProto input = 11;
  repeated ValueInfoProto output = 12;
}
message TensorProto {
  repeated int64 dims = 1;
  int32 data_type = 2;
  string name = 8;
  bytes raw_data = 9;
}
message TensorShapeProto {
  message Dimension { oneof value { int64 dim_value = 1; string dim_param = 2; } }
  repeated Dimension dim = 1;
}
message TypeProto {
  message Tensor { int32 elem_type = 1; TensorShapeProto shape = 2; }
  Tensor tensor_type = 1;
}
message OperatorSetIdProto { string domain = 1; int64 version = 2; }
`;

/** ONNX TensorProto.DataType values used here. */
export const OnnxDataType = { FLOAT: 1, UINT8: 2, INT8: 3, INT32: 6, INT64: 7 } as const;

export type OnnxAttributeValue = number | readonly number[] | string;

export interface OnnxAttribute {
  readonly name: string;
  readonly value: OnnxAttributeValue;
  /** Integers and floats look alike in JavaScript; say which ONNX expects. */
  readonly kind: 'int' | 'float' | 'ints' | 'floats' | 'string';
}

export interface OnnxNode {
  readonly opType: string;
  readonly name: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes: readonly OnnxAttribute[];
}

export interface OnnxInitializer {
  readonly name: string;
  readonly dims: readonly number[];
  readonly values: Float32Array | BigInt64Array | Int32Array | Int8Array | Uint8Array;
}

export interface OnnxValueInfo {
  readonly name: string;
  /** Sizes; a name instead of a size is a dimension the model takes at any size (a batch); undefined: not said. */
  readonly dims: readonly (number | string)[] | undefined;
}

export interface OnnxGraph {
  readonly name: string;
  readonly nodes: readonly OnnxNode[];
  readonly initializers: readonly OnnxInitializer[];
  readonly inputs: readonly OnnxValueInfo[];
  readonly outputs: readonly OnnxValueInfo[];
}

const ATTRIBUTE_TYPE = { float: 1, int: 2, string: 3, floats: 6, ints: 7 } as const;
const IR_VERSION = 8;

let modelType: protobuf.Type | undefined;
function onnxModelType(): protobuf.Type {
  modelType ??= protobuf.parse(ONNX_PROTO_SUBSET).root.lookupType('onnx.ModelProto');
  return modelType;
}

function attributeMessage(attribute: OnnxAttribute): Record<string, unknown> {
  const message: Record<string, unknown> = { name: attribute.name, type: ATTRIBUTE_TYPE[attribute.kind] };
  switch (attribute.kind) {
    case 'int':
      message.i = attribute.value;
      break;
    case 'float':
      message.f = attribute.value;
      break;
    case 'ints':
      message.ints = attribute.value;
      break;
    case 'floats':
      message.floats = attribute.value;
      break;
    case 'string':
      message.s = new TextEncoder().encode(String(attribute.value));
      break;
    default: {
      const unreachable: never = attribute.kind;
      throw new Error(`unknown attribute kind ${String(unreachable)}`);
    }
  }
  return message;
}

function valueInfoMessage(info: OnnxValueInfo): Record<string, unknown> {
  return {
    name: info.name,
    type: {
      tensorType: {
        elemType: OnnxDataType.FLOAT,
        ...(info.dims === undefined ? {} : { shape: { dim: info.dims.map((dim) => (typeof dim === 'string' ? { dimParam: dim } : { dimValue: dim })) } }),
      },
    },
  };
}

function initializerMessage(initializer: OnnxInitializer): Record<string, unknown> {
  const { values } = initializer;
  return {
    name: initializer.name,
    dims: initializer.dims,
    dataType: dataTypeOf(values),
    // Typed arrays are little-endian on every platform onnxruntime-node ships for, as raw_data requires.
    rawData: new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
  };
}

function dataTypeOf(values: OnnxInitializer['values']): number {
  if (values instanceof Float32Array) return OnnxDataType.FLOAT;
  if (values instanceof BigInt64Array) return OnnxDataType.INT64;
  if (values instanceof Int32Array) return OnnxDataType.INT32;
  return values instanceof Int8Array ? OnnxDataType.INT8 : OnnxDataType.UINT8;
}

/** Serialises a graph as an ONNX model file (opset given by the caller). */
export function encodeOnnxModel(graph: OnnxGraph, opsetVersion: number, docString: string): Uint8Array {
  const type = onnxModelType();
  const message = type.fromObject({
    irVersion: IR_VERSION,
    producerName: 'handflow',
    docString,
    opsetImport: [{ domain: '', version: opsetVersion }],
    graph: {
      name: graph.name,
      node: graph.nodes.map((node) => ({
        name: node.name,
        opType: node.opType,
        input: node.inputs,
        output: node.outputs,
        attribute: node.attributes.map(attributeMessage),
      })),
      initializer: graph.initializers.map(initializerMessage),
      input: graph.inputs.map(valueInfoMessage),
      output: graph.outputs.map(valueInfoMessage),
    },
  });
  return type.encode(message).finish();
}
