import type { OnnxGraph, OnnxInitializer, OnnxNode } from '../onnx/onnx-proto.js';
import { int } from './graph-builder.js';

/** The range of values a tensor took over the calibration inputs. */
export interface ActivationRange {
  readonly min: number;
  readonly max: number;
}

/** Activations that follow a convolution and end up in its quantized form (ONNX Runtime folds them away). */
const FOLDED_ACTIVATIONS = new Set(['Relu', 'Clip']);

/**
 * The tensors a QDQ model quantizes, by name: every convolution's input, and its output (after its Relu or
 * Clip, which ONNX Runtime then folds into the quantized convolution). Calibration measures their ranges.
 */
export function quantizedActivations(graph: OnnxGraph, floatConvolutions: ReadonlySet<number> = new Set()): string[] {
  const names = new Set<string>();
  for (const conv of quantizedConvolutions(graph, floatConvolutions)) {
    names.add(conv.inputs[0]!);
    names.add(convolutionOutput(graph, conv));
  }
  return [...names];
}

/** The graph's convolutions, but those kept in float (by their position among the convolutions). */
function quantizedConvolutions(graph: OnnxGraph, floatConvolutions: ReadonlySet<number>): OnnxNode[] {
  return graph.nodes.filter((node) => node.opType === 'Conv').filter((_, position) => !floatConvolutions.has(position));
}

/** A convolution's output, or that of the Relu or Clip that alone consumes it. */
function convolutionOutput(graph: OnnxGraph, conv: OnnxNode): string {
  const output = conv.outputs[0]!;
  const consumers = graph.nodes.filter((node) => node.inputs.includes(output));
  const only = consumers.length === 1 ? consumers[0]! : undefined;
  return only !== undefined && FOLDED_ACTIVATIONS.has(only.opType) ? only.outputs[0]! : output;
}

/** uint8 activation parameters for a range, which must contain zero so that zero (padding) is exact. */
export function activationParameters({ min, max }: ActivationRange): { scale: number; zeroPoint: number } {
  const low = Math.min(0, min);
  const high = Math.max(0, max, low + 1e-6);
  const scale = (high - low) / 255;
  return { scale, zeroPoint: Math.min(255, Math.max(0, Math.round(-low / scale))) };
}

/** Symmetric int8 weights, one scale per output channel (the first dimension). */
export function quantizeWeights(values: Float32Array, channels: number): { quantized: Int8Array; scales: Float32Array } {
  const perChannel = values.length / channels;
  const scales = new Float32Array(channels);
  const quantized = new Int8Array(values.length);
  for (let channel = 0; channel < channels; channel++) {
    let largest = 0;
    for (let index = channel * perChannel; index < (channel + 1) * perChannel; index++) largest = Math.max(largest, Math.abs(values[index]!));
    const scale = largest > 0 ? largest / 127 : 1;
    scales[channel] = scale;
    for (let index = channel * perChannel; index < (channel + 1) * perChannel; index++) quantized[index] = Math.max(-127, Math.min(127, Math.round(values[index]! / scale)));
  }
  return { quantized, scales };
}

/**
 * The graph in ONNX's QDQ form: each quantized activation passes through QuantizeLinear and DequantizeLinear
 * (uint8, from its calibrated range), each convolution's weights are int8 per output channel and its bias int32,
 * both behind DequantizeLinear. ONNX Runtime turns each such convolution into an int8 QLinearConv; the other
 * operators (additions, the mean, the dense layers) stay in float.
 *
 * @throws Error naming a quantized tensor without a calibrated range
 */
export function quantizeGraph(graph: OnnxGraph, ranges: ReadonlyMap<string, ActivationRange>, floatConvolutions: ReadonlySet<number> = new Set()): OnnxGraph {
  const quantizedConvs = new Set(quantizedConvolutions(graph, floatConvolutions));
  const initializers = new Map(graph.initializers.map((initializer) => [initializer.name, initializer]));
  const added: OnnxInitializer[] = [];
  const nodes: OnnxNode[] = [];
  const scaleOf = new Map<string, number>();
  const dequantized = new Map<string, string>();

  const quantizeActivation = (name: string): void => {
    const range = ranges.get(name);
    if (range === undefined) throw new Error(`no calibrated range for ${name}`);
    const { scale, zeroPoint } = activationParameters(range);
    scaleOf.set(name, scale);
    added.push({ name: `${name}_scale`, dims: [], values: Float32Array.of(scale) }, { name: `${name}_zero_point`, dims: [], values: Uint8Array.of(zeroPoint) });
    const parameters = [`${name}_scale`, `${name}_zero_point`];
    nodes.push({ opType: 'QuantizeLinear', name: `${name}_quantize`, inputs: [name, ...parameters], outputs: [`${name}_quantized`], attributes: [] });
    nodes.push({ opType: 'DequantizeLinear', name: `${name}_dequantize`, inputs: [`${name}_quantized`, ...parameters], outputs: [`${name}_dequantized`], attributes: [] });
    dequantized.set(name, `${name}_dequantized`);
  };

  const activations = new Set(quantizedActivations(graph, floatConvolutions));
  for (const input of graph.inputs) if (activations.has(input.name)) quantizeActivation(input.name);
  for (const node of graph.nodes) {
    const inputs = node.inputs.map((input) => dequantized.get(input) ?? input);
    if (quantizedConvs.has(node)) {
      const quantized = quantizeConvolutionConstants(node, inputs, initializers, scaleOf, added);
      nodes.push(...quantized.nodes, { ...node, inputs: quantized.inputs });
    } else {
      nodes.push({ ...node, inputs });
    }
    for (const output of node.outputs) if (activations.has(output)) quantizeActivation(output);
  }
  const replaced = new Set([...quantizedConvs].flatMap((node) => node.inputs.slice(1)));
  return { ...graph, nodes, initializers: [...graph.initializers.filter((initializer) => !replaced.has(initializer.name)), ...added] };
}

/** A convolution's weights and bias as int8 and int32 behind DequantizeLinear: its new inputs, and the nodes that make them. */
function quantizeConvolutionConstants(
  conv: OnnxNode,
  inputs: readonly string[],
  initializers: ReadonlyMap<string, OnnxInitializer>,
  scaleOf: ReadonlyMap<string, number>,
  added: OnnxInitializer[],
): { inputs: string[]; nodes: OnnxNode[] } {
  const weights = initializers.get(conv.inputs[1]!);
  if (weights === undefined || !(weights.values instanceof Float32Array)) throw new Error(`${conv.name}: its weights are not a float constant`);
  const channels = weights.dims[0]!;
  const { quantized, scales } = quantizeWeights(weights.values, channels);
  const nodes = [dequantizedConstant(weights.name, weights.dims, quantized, scales, new Int8Array(channels), added)];
  const bias = conv.inputs[2] === undefined ? undefined : initializers.get(conv.inputs[2]);
  if (bias === undefined || !(bias.values instanceof Float32Array)) return { inputs: [inputs[0]!, nodes[0]!.outputs[0]!], nodes };
  const inputScale = scaleOf.get(conv.inputs[0]!);
  if (inputScale === undefined) throw new Error(`${conv.name}: its input is not quantized`);
  // A bias is added to the int32 accumulator, whose scale is the input's times the weights'.
  const biasScales = scales.map((scale) => scale * inputScale);
  const biasValues = bias.values;
  const biasInt32 = Int32Array.from(biasValues, (value, channel) => Math.round(value / biasScales[channel]!));
  nodes.push(dequantizedConstant(bias.name, bias.dims, biasInt32, biasScales, new Int32Array(channels), added));
  return { inputs: [inputs[0]!, nodes[0]!.outputs[0]!, nodes[1]!.outputs[0]!], nodes };
}

/** Adds a quantized constant, its per-channel scales and zero points, and the DequantizeLinear node that reads them. */
function dequantizedConstant(name: string, dims: readonly number[], values: Int8Array | Int32Array, scales: Float32Array, zeroPoints: Int8Array | Int32Array, added: OnnxInitializer[]): OnnxNode {
  const parts = [`${name}_quantized`, `${name}_scales`, `${name}_zero_points`];
  added.push({ name: parts[0]!, dims, values }, { name: parts[1]!, dims: [scales.length], values: scales }, { name: parts[2]!, dims: [zeroPoints.length], values: zeroPoints });
  return { opType: 'DequantizeLinear', name: `${name}_dequantize`, inputs: parts, outputs: [`${name}_dequantized`], attributes: [int('axis', 0)] };
}
