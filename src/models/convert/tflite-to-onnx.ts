import { encodeOnnxModel, type OnnxAttribute, type OnnxValueInfo } from '../onnx/onnx-proto.js';
import { FlatTable } from '../tflite/flatbuffer-table.js';
import { BuiltinOperator, TensorType, parseTfliteModel, type TfliteModel, type TfliteOperator } from '../tflite/tflite-model.js';
import { float16ToFloat32 } from './float16.js';
import { quantizedActivations, quantizeGraph, type ActivationRange } from './quantize-qdq.js';
import { GraphBuilder, int, ints, str } from './graph-builder.js';
import { NCHW_TO_NHWC, NHWC_TO_NCHW, nchwAxis, normalizeAxis, toNchwShape, transposeArray } from './layout.js';
import { samePadding } from './same-padding.js';

/** ONNX opset targeted: Clip, Pad and Resize take their parameters as inputs, ReduceMean its axes as an attribute. */
const OPSET = 13;

// Option field ids and enum values from TensorFlow Lite's schema.fbs.
const PADDING_SAME = 0;
const Activation = { NONE: 0, RELU: 1, RELU6: 3 } as const;
const CONV_OPTIONS = { padding: 0, strideW: 1, strideH: 2, activation: 3, dilationW: 4, dilationH: 5 };
const DEPTHWISE_OPTIONS = { padding: 0, strideW: 1, strideH: 2, depthMultiplier: 3, activation: 4, dilationW: 5, dilationH: 6 };
const POOL_OPTIONS = { padding: 0, strideW: 1, strideH: 2, filterW: 3, filterH: 4, activation: 5 };
const FULLY_CONNECTED_OPTIONS = { activation: 0, keepNumDims: 2 };
const CONCATENATION_OPTIONS = { axis: 0, activation: 1 };
const ADD_OPTIONS = { activation: 0 };
const RESIZE_BILINEAR_OPTIONS = { alignCorners: 2, halfPixelCenters: 3 };
const REDUCER_OPTIONS = { keepDims: 0 };

interface Constant {
  readonly shape: readonly number[];
  readonly values: Float32Array | Int32Array;
}

/**
 * Converts a float TFLite model (float32 or float16 weights) to ONNX. 4-D activations become NCHW inside
 * the graph, while the model's inputs and outputs keep their TFLite shapes (NHWC images in), so callers see
 * the same interface as the original model.
 */
export function convertTfliteToOnnx(tfliteBytes: Uint8Array, modelName: string, options: ConversionOptions = {}): Uint8Array {
  return new TfliteToOnnx(parseTfliteModel(tfliteBytes), modelName, options).convert();
}

export interface ConversionOptions {
  /**
   * Declare the inputs' and outputs' first dimension as `batch`, so several crops go through in one run. Only
   * models whose operators keep the batch apart (no reshape to a fixed size) run correctly so. Defaults to false.
   */
  readonly dynamicBatch?: boolean;
  /** Int8 convolutions (QDQ), with these calibrated ranges of the activations `quantizedActivations` names. */
  readonly quantize?: ReadonlyMap<string, ActivationRange>;
  /** With `quantize`: convolutions left in float, by their position among the model's convolutions. */
  readonly floatConvolutions?: readonly number[];
  /** For calibration: every activation a quantized model would quantize is also an output, after the model's own. */
  readonly exposeActivations?: boolean;
}

class TfliteToOnnx {
  private readonly graph = new GraphBuilder();
  private readonly constants = new Map<number, Constant>();
  /** ONNX value name of each runtime tensor; 4-D ones are stored NCHW. */
  private readonly values = new Map<number, string>();

  constructor(
    private readonly model: TfliteModel,
    private readonly modelName: string,
    private readonly options: ConversionOptions,
  ) {
    model.tensors.forEach((tensor, index) => {
      if (!tensor.data) return;
      const constant = decodeConstant(tensor.type, tensor.data, tensor.shape, tensor.name);
      if (constant) this.constants.set(index, constant);
    });
  }

  convert(): Uint8Array {
    const inputs: OnnxValueInfo[] = this.model.inputs.map((index) => {
      const tensor = this.model.tensors[index]!;
      const name = this.graph.uniqueName(tensor.name);
      this.values.set(index, tensor.shape.length === 4 ? this.transpose(name, NHWC_TO_NCHW) : name);
      return { name, dims: this.boundaryDims(tensor.shape) };
    });
    this.model.operators.forEach((op, position) => {
      try {
        this.convertOperator(op);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(`operator #${position} (builtin code ${op.opcode}): ${message}`, { cause: error });
      }
    });
    const outputs: OnnxValueInfo[] = this.model.outputs.map((index) => {
      const tensor = this.model.tensors[index]!;
      const value = this.value(index);
      const name = this.graph.uniqueName(tensor.name);
      if (tensor.shape.length === 4) this.graph.node('Transpose', [value], [ints('perm', NCHW_TO_NHWC)], name);
      else this.graph.node('Identity', [value], [], name);
      return { name, dims: this.boundaryDims(tensor.shape) };
    });
    const doc = `Converted by handflow from the TFLite model ${this.modelName}${this.options.quantize === undefined ? '' : ', convolutions in int8'}.`;
    let graph = this.graph.build(this.modelName, inputs, outputs);
    if (this.options.exposeActivations === true) graph = { ...graph, outputs: [...outputs, ...quantizedActivations(graph).map((name) => ({ name, dims: undefined }))] };
    if (this.options.quantize !== undefined) graph = quantizeGraph(graph, this.options.quantize, new Set(this.options.floatConvolutions));
    return encodeOnnxModel(graph, OPSET, doc);
  }

  private convertOperator(op: TfliteOperator): void {
    const options = op.options;
    switch (op.opcode) {
      case BuiltinOperator.DEQUANTIZE:
        return this.foldDequantize(op);
      case BuiltinOperator.CONV_2D:
        return this.convolution(op, required(options), false);
      case BuiltinOperator.DEPTHWISE_CONV_2D:
        return this.convolution(op, required(options), true);
      case BuiltinOperator.MAX_POOL_2D:
        return this.maxPool(op, required(options));
      case BuiltinOperator.ADD:
        return this.emit(op, this.activation('Add', [this.operand(op, 0), this.operand(op, 1)], options?.int8(ADD_OPTIONS.activation, 0) ?? 0));
      case BuiltinOperator.PRELU:
        return this.emit(op, this.prelu(op));
      case BuiltinOperator.LOGISTIC:
        return this.emit(op, this.graph.node('Sigmoid', [this.value(op.inputs[0]!)]));
      case BuiltinOperator.PAD:
        return this.pad(op);
      case BuiltinOperator.RESIZE_BILINEAR:
        return this.resizeBilinear(op, required(options));
      case BuiltinOperator.RESHAPE:
        return this.reshape(op);
      case BuiltinOperator.CONCATENATION:
        return this.concatenation(op, required(options));
      case BuiltinOperator.MEAN:
        return this.mean(op, options);
      case BuiltinOperator.FULLY_CONNECTED:
        return this.fullyConnected(op, options);
      default:
        throw new Error('this TFLite operator is not supported by the converter');
    }
  }

  /**
   * PReLU with one slope a channel (the palm models' 31) as two 1x1 depthwise convolutions and an addition:
   * x + (1 - slope) * relu(-x), which equals x where x >= 0 and slope * x below. ONNX Runtime's PRelu is a
   * generic broadcast, and it takes the tensor out of the blocked (NCHWc) layout its convolutions use and back:
   * 40% of the palm model's time. As convolutions it stays in that layout: 18.2 -> 11.9 ms a run.
   */
  private prelu(op: TfliteOperator): string {
    const input = this.value(op.inputs[0]!);
    const slopes = this.constants.get(op.inputs[1]!);
    const perChannel = slopes !== undefined && this.shape(op.outputs[0]!).length === 4 && slopes.shape.slice(0, -1).every((dim) => dim === 1);
    if (!perChannel) return this.graph.node('PRelu', [input, this.operand(op, 1)]);
    const slope = toFloat(slopes);
    const channels = slope.length;
    const depthwise = [ints('kernel_shape', [1, 1]), int('group', channels)];
    const negate = this.graph.floatConstant('prelu_negate', [channels, 1, 1, 1], new Float32Array(channels).fill(-1));
    const negativePart = this.graph.node('Relu', [this.graph.node('Conv', [input, negate], depthwise)]);
    const scale = this.graph.floatConstant(`${this.tensorName(op.inputs[1]!)}_complement`, [channels, 1, 1, 1], slope.map((value) => 1 - value));
    return this.graph.node('Add', [this.graph.node('Conv', [negativePart, scale], depthwise), input]);
  }

  private foldDequantize(op: TfliteOperator): void {
    const source = this.constants.get(op.inputs[0]!);
    if (!source) throw new Error('DEQUANTIZE of a runtime tensor is not supported (only float16 weights)');
    this.constants.set(op.outputs[0]!, { shape: source.shape, values: Float32Array.from(source.values) });
  }

  private convolution(op: TfliteOperator, options: FlatTable, depthwise: boolean): void {
    const ids = depthwise ? DEPTHWISE_OPTIONS : CONV_OPTIONS;
    if (depthwise && options.int32(DEPTHWISE_OPTIONS.depthMultiplier, 1) !== 1) {
      // With multiplier 1 the weights are [1, H, W, C]; other multipliers reorder channels and are not used by these models.
      const inChannels = this.shape(op.inputs[0]!)[3]!;
      const outChannels = this.shape(op.outputs[0]!)[3]!;
      if (inChannels !== outChannels) throw new Error('depthwise convolution with a depth multiplier other than 1');
    }
    const weights = this.constant(op.inputs[1]!);
    // TFLite weights: conv [O, H, W, I]; depthwise [1, H, W, O]. ONNX wants [O, I/group, H, W].
    const perm = depthwise ? [3, 0, 1, 2] : [0, 3, 1, 2];
    const kernel = toFloat(weights);
    const onnxWeights = transposeArray(kernel, weights.shape, perm);
    const weightDims = perm.map((axis) => weights.shape[axis]!);
    const [kernelH, kernelW] = [weights.shape[1]!, weights.shape[2]!];
    const strides = [options.int32(ids.strideH, 1), options.int32(ids.strideW, 1)];
    const dilations = [options.int32(ids.dilationH, 1), options.int32(ids.dilationW, 1)];
    const pads = this.spatialPads(op, options.int8(ids.padding, PADDING_SAME), [kernelH, kernelW], strides, dilations);
    const inputs = [this.value(op.inputs[0]!), this.graph.floatConstant(`${this.tensorName(op.inputs[1]!)}_oihw`, weightDims, onnxWeights)];
    const bias = op.inputs[2];
    if (bias !== undefined && bias >= 0) inputs.push(this.graph.floatConstant(this.tensorName(bias), [weightDims[0]!], toFloat(this.constant(bias))));
    const attributes = [
      ints('kernel_shape', [kernelH, kernelW]),
      ints('strides', strides),
      ints('dilations', dilations),
      ints('pads', pads),
      int('group', depthwise ? weightDims[0]! : 1),
    ];
    this.emit(op, this.activation('Conv', inputs, options.int8(ids.activation, 0), attributes));
  }

  private maxPool(op: TfliteOperator, options: FlatTable): void {
    const kernel = [options.int32(POOL_OPTIONS.filterH, 1), options.int32(POOL_OPTIONS.filterW, 1)];
    const strides = [options.int32(POOL_OPTIONS.strideH, 1), options.int32(POOL_OPTIONS.strideW, 1)];
    const pads = this.spatialPads(op, options.int8(POOL_OPTIONS.padding, PADDING_SAME), kernel, strides, [1, 1]);
    const attributes = [ints('kernel_shape', kernel), ints('strides', strides), ints('pads', pads)];
    this.emit(op, this.activation('MaxPool', [this.value(op.inputs[0]!)], options.int8(POOL_OPTIONS.activation, 0), attributes));
  }

  /** ONNX pads [top, left, bottom, right] for TFLite's SAME or VALID padding, from the static shapes. */
  private spatialPads(op: TfliteOperator, padding: number, kernel: number[], strides: number[], dilations: number[]): number[] {
    if (padding !== PADDING_SAME) return [0, 0, 0, 0];
    const input = this.shape(op.inputs[0]!);
    const output = this.shape(op.outputs[0]!);
    const [top, bottom] = samePadding(input[1]!, output[1]!, kernel[0]!, strides[0]!, dilations[0]!);
    const [left, right] = samePadding(input[2]!, output[2]!, kernel[1]!, strides[1]!, dilations[1]!);
    return [top, left, bottom, right];
  }

  private pad(op: TfliteOperator): void {
    const paddings = this.constant(op.inputs[1]!).values;
    const rank = this.shape(op.inputs[0]!).length;
    if (rank === 4 && paddings.slice(0, 6).every((amount) => amount === 0)) return this.emit(op, this.channelPadding(op, paddings[6]!, paddings[7]!));
    const order = rank === 4 ? NHWC_TO_NCHW : [...Array(rank).keys()];
    const pads = [...order.map((axis) => paddings[2 * axis]!), ...order.map((axis) => paddings[2 * axis + 1]!)];
    this.emit(op, this.graph.node('Pad', [this.value(op.inputs[0]!), this.graph.int64Constant('pads', pads)], [str('mode', 'constant')]));
  }

  /**
   * Zero channels added before and after an NHWC tensor's own, as a 1x1 convolution that copies each channel to
   * its place. The palm models widen the shortcut of each downsampling block this way; as Pad, ONNX Runtime takes
   * the tensor out of its blocked (NCHWc) layout, and every addition after it stays out.
   */
  private channelPadding(op: TfliteOperator, before: number, after: number): string {
    const channels = this.shape(op.inputs[0]!)[3]!;
    const outChannels = before + channels + after;
    const weights = new Float32Array(outChannels * channels);
    for (let channel = 0; channel < channels; channel++) weights[(before + channel) * channels + channel] = 1;
    const copy = this.graph.floatConstant('channel_padding', [outChannels, channels, 1, 1], weights);
    return this.graph.node('Conv', [this.value(op.inputs[0]!), copy], [ints('kernel_shape', [1, 1])]);
  }

  private resizeBilinear(op: TfliteOperator, options: FlatTable): void {
    const alignCorners = options.bool(RESIZE_BILINEAR_OPTIONS.alignCorners, false);
    const halfPixel = options.bool(RESIZE_BILINEAR_OPTIONS.halfPixelCenters, false);
    const mode = alignCorners ? 'align_corners' : halfPixel ? 'half_pixel' : 'asymmetric';
    const sizes = this.graph.int64Constant('resize_sizes', toNchwShape(this.shape(op.outputs[0]!)));
    const attributes = [str('mode', 'linear'), str('coordinate_transformation_mode', mode)];
    this.emit(op, this.graph.node('Resize', [this.value(op.inputs[0]!), '', '', sizes], attributes));
  }

  /** An input's or output's dimensions, the first one named `batch` when the batch is dynamic. */
  private boundaryDims(shape: readonly number[]): (number | string)[] {
    return this.options.dynamicBatch === true ? ['batch', ...shape.slice(1)] : [...shape];
  }

  private reshape(op: TfliteOperator): void {
    const flat = this.toNhwc(op.inputs[0]!);
    const outShape = this.shape(op.outputs[0]!);
    const reshaped = this.graph.node('Reshape', [flat, this.graph.int64Constant('shape', outShape)]);
    this.values.set(op.outputs[0]!, outShape.length === 4 ? this.transpose(reshaped, NHWC_TO_NCHW) : reshaped);
  }

  private concatenation(op: TfliteOperator, options: FlatTable): void {
    const rank = this.shape(op.outputs[0]!).length;
    const axis = normalizeAxis(options.int32(CONCATENATION_OPTIONS.axis, 0), rank);
    const inputs = op.inputs.map((_, position) => this.operand(op, position));
    const attributes = [int('axis', rank === 4 ? nchwAxis(axis) : axis)];
    this.emit(op, this.activation('Concat', inputs, options.int8(CONCATENATION_OPTIONS.activation, 0), attributes));
  }

  private mean(op: TfliteOperator, options: FlatTable | undefined): void {
    const inputRank = this.shape(op.inputs[0]!).length;
    const outputRank = this.shape(op.outputs[0]!).length;
    const axes = [...this.constant(op.inputs[1]!).values].map((axis) => normalizeAxis(axis, inputRank));
    const keepDims = options?.bool(REDUCER_OPTIONS.keepDims, false) ?? false;
    // Reducing H and W of an NCHW tensor leaves [N, C] in NHWC's order too; other reductions go back to NHWC first.
    const spatialOnly = inputRank === 4 && axes.length === 2 && axes.includes(1) && axes.includes(2);
    const stayNchw = inputRank === 4 && (keepDims ? outputRank === 4 : spatialOnly);
    const input = stayNchw ? this.value(op.inputs[0]!) : this.toNhwc(op.inputs[0]!);
    const onnxAxes = stayNchw ? axes.map(nchwAxis) : axes;
    this.emit(op, this.graph.node('ReduceMean', [input], [ints('axes', onnxAxes), int('keepdims', keepDims ? 1 : 0)]));
  }

  private fullyConnected(op: TfliteOperator, options: FlatTable | undefined): void {
    if (options?.bool(FULLY_CONNECTED_OPTIONS.keepNumDims, false)) throw new Error('FULLY_CONNECTED with keep_num_dims');
    const weights = this.constant(op.inputs[1]!);
    const [outFeatures, inFeatures] = [weights.shape[0]!, weights.shape[1]!];
    let input = this.toNhwc(op.inputs[0]!);
    if (this.shape(op.inputs[0]!).length !== 2) input = this.graph.node('Reshape', [input, this.graph.int64Constant('shape', [-1, inFeatures])]);
    const bias = op.inputs[2];
    const biasValues = bias !== undefined && bias >= 0 ? toFloat(this.constant(bias)) : new Float32Array(outFeatures);
    const inputs = [
      input,
      this.graph.floatConstant(this.tensorName(op.inputs[1]!), weights.shape, toFloat(weights)),
      this.graph.floatConstant(`${this.tensorName(op.inputs[1]!)}_bias`, [outFeatures], biasValues),
    ];
    this.emit(op, this.activation('Gemm', inputs, options?.int8(FULLY_CONNECTED_OPTIONS.activation, 0) ?? 0, [int('transB', 1)]));
  }

  /** Adds `opType` followed by TFLite's fused activation, returning the final value name. */
  private activation(opType: string, inputs: string[], fused: number, attributes: readonly OnnxAttribute[] = []): string {
    const output = this.graph.node(opType, inputs, attributes);
    switch (fused) {
      case Activation.NONE:
        return output;
      case Activation.RELU:
        return this.graph.node('Relu', [output]);
      case Activation.RELU6: {
        const low = this.graph.floatConstant('relu6_min', [], Float32Array.of(0));
        const high = this.graph.floatConstant('relu6_max', [], Float32Array.of(6));
        return this.graph.node('Clip', [output, low, high]);
      }
      default:
        throw new Error(`fused activation ${fused} is not supported`);
    }
  }

  /**
   * An input that may be a runtime value or a constant; constants are laid out to broadcast against the
   * NCHW form of a 4-D operation (per-channel vectors become [C, 1, 1]).
   */
  private operand(op: TfliteOperator, position: number): string {
    const index = op.inputs[position]!;
    const constant = this.constants.get(index);
    if (!constant) return this.value(index);
    const outputRank = this.shape(op.outputs[0]!).length;
    let { shape } = constant;
    let values = toFloat(constant);
    if (outputRank === 4) {
      const channels = shape[shape.length - 1]!;
      const isPerChannel = shape.slice(0, -1).every((dim) => dim === 1);
      if (shape.length === 4 && !isPerChannel) {
        values = transposeArray(values, shape, NHWC_TO_NCHW);
        shape = toNchwShape(shape);
      } else if (isPerChannel) {
        shape = [channels, 1, 1];
      } else {
        throw new Error(`cannot broadcast a constant of shape [${shape.join(', ')}] against an NHWC tensor`);
      }
    }
    return this.graph.floatConstant(this.tensorName(index), shape, values);
  }

  private emit(op: TfliteOperator, value: string): void {
    this.values.set(op.outputs[0]!, value);
  }

  private value(index: number): string {
    const value = this.values.get(index);
    if (value === undefined) throw new Error(`tensor "${this.tensorName(index)}" is used before it is computed`);
    return value;
  }

  /** The value of a tensor in TFLite's own layout (4-D tensors transposed back to NHWC). */
  private toNhwc(index: number): string {
    const value = this.value(index);
    return this.shape(index).length === 4 ? this.transpose(value, NCHW_TO_NHWC) : value;
  }

  private transpose(value: string, perm: readonly number[]): string {
    return this.graph.node('Transpose', [value], [ints('perm', perm)]);
  }

  private constant(index: number): Constant {
    const constant = this.constants.get(index);
    if (!constant) throw new Error(`tensor "${this.tensorName(index)}" must be a constant`);
    return constant;
  }

  private shape(index: number): readonly number[] {
    return this.model.tensors[index]!.shape;
  }

  private tensorName(index: number): string {
    return this.model.tensors[index]!.name;
  }
}

function decodeConstant(type: number, data: Uint8Array, shape: readonly number[], name: string): Constant | undefined {
  const aligned = new Uint8Array(data); // copy: flatbuffer vectors need not be 4-byte aligned for typed-array views
  switch (type) {
    case TensorType.FLOAT32:
      return { shape, values: new Float32Array(aligned.buffer) };
    case TensorType.FLOAT16:
      return { shape, values: float16ToFloat32(aligned) };
    case TensorType.INT32:
      return { shape, values: new Int32Array(aligned.buffer) };
    default:
      throw new Error(`constant tensor "${name}" has TFLite type ${type}, which the converter does not support`);
  }
}

function toFloat(constant: Constant): Float32Array {
  return constant.values instanceof Float32Array ? constant.values : Float32Array.from(constant.values);
}

function required(options: FlatTable | undefined): FlatTable {
  if (!options) throw new Error('the operator has no options table');
  return options;
}
