// Preloaded into the benchmarked realtime process (`node --import ./bench/server-probe.mjs dist/main.js`)
// so the benchmark can read event-loop delay from inside the server without touching src/.
// Answers {type: "probe"} IPC messages with the loop-delay histogram since the last probe, then resets it.
import { monitorEventLoopDelay } from "node:perf_hooks";

if (typeof process.send === "function") {
  const histogram = monitorEventLoopDelay({ resolution: 2 });
  histogram.enable();
  process.on("message", (message) => {
    if (!message || message.type !== "probe") return;
    const ms = (ns) => Math.round((ns / 1e6) * 100) / 100;
    process.send?.({
      type: "probe",
      loopMaxMs: ms(histogram.max),
      loopP99Ms: ms(histogram.percentile(99)),
      loopMeanMs: ms(histogram.mean),
      heapUsed: process.memoryUsage().heapUsed,
    });
    histogram.reset();
  });
  // The IPC channel must not keep the server alive on its own.
  process.channel?.unref();
}
