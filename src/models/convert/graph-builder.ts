import type { OnnxAttribute, OnnxGraph, OnnxInitializer, OnnxNode, OnnxValueInfo } from '../onnx/onnx-proto.js';

/** Accumulates ONNX nodes and initializers with unique names. */
export class GraphBuilder {
  private readonly nodes: OnnxNode[] = [];
  private readonly initializers: OnnxInitializer[] = [];
  private readonly usedNames = new Set<string>();

  uniqueName(base: string): string {
    let name = base || 'tensor';
    for (let suffix = 1; this.usedNames.has(name); suffix++) name = `${base}__${suffix}`;
    this.usedNames.add(name);
    return name;
  }

  /** Adds a node and returns the name of its (single) output. */
  node(opType: string, inputs: readonly string[], attributes: readonly OnnxAttribute[] = [], outputName?: string): string {
    const output = outputName ?? this.uniqueName(`${opType.toLowerCase()}_${this.nodes.length}`);
    this.nodes.push({ opType, name: `${opType}_${this.nodes.length}`, inputs, outputs: [output], attributes });
    return output;
  }

  floatConstant(base: string, dims: readonly number[], values: Float32Array): string {
    const name = this.uniqueName(base);
    this.initializers.push({ name, dims, values });
    return name;
  }

  int64Constant(base: string, values: readonly number[]): string {
    const name = this.uniqueName(base);
    this.initializers.push({ name, dims: [values.length], values: BigInt64Array.from(values, BigInt) });
    return name;
  }

  build(name: string, inputs: readonly OnnxValueInfo[], outputs: readonly OnnxValueInfo[]): OnnxGraph {
    return { name, nodes: this.nodes, initializers: this.initializers, inputs, outputs };
  }
}

export const ints = (name: string, value: readonly number[]): OnnxAttribute => ({ name, value, kind: 'ints' });
export const int = (name: string, value: number): OnnxAttribute => ({ name, value, kind: 'int' });
export const str = (name: string, value: string): OnnxAttribute => ({ name, value, kind: 'string' });
