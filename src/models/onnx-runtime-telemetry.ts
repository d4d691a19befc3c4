/**
 * ONNX Runtime's Linux build (1.30) starts Microsoft telemetry with its environment: it reads /etc/machine-id and the
 * process's command line (for handflow, the paths of a user's photos and videos), keeps events under
 * ~/.cache/Microsoft/DeveloperTools and uploads them over HTTPS. handflow does not report on its users; and the
 * telemetry's scrubbing of a long command line (a shell glob over a few hundred photos) overflowed the stack, killing
 * the process with SIGSEGV. ORT_DISABLE_TELEMETRY, read from the process's environment when ONNX Runtime starts,
 * turns it off. Only the main thread's process.env reaches that environment (a worker thread's is its own copy), so
 * this module is imported before onnxruntime-node and by every module that starts a thread which loads it. A value
 * the user set stands.
 */
process.env.ORT_DISABLE_TELEMETRY ??= '1';

export {};
