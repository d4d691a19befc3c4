// Must run before ONNX Runtime loads: ESM evaluates imports in order.
import './onnx-runtime-telemetry.js';
import ort from 'onnxruntime-node';

/** ONNX Runtime, loaded with its telemetry off: the one way handflow imports it. */
export default ort;
