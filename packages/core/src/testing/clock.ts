import type { Clock } from "../ports.js";

export interface ManualClock extends Clock {
  set(ms: number): void;
  advance(ms: number): void;
}

/** 2024-01-01T00:00:00.000Z: the default start of test clocks. */
export const TEST_EPOCH = Date.UTC(2024, 0, 1);

/**
 * A clock that only moves when told to, or by `autoAdvanceMs` after every read
 * (useful when a test needs distinct timestamps without managing time).
 */
export function createManualClock(start: number = TEST_EPOCH, options: { autoAdvanceMs?: number } = {}): ManualClock {
  let current = start;
  const step = options.autoAdvanceMs ?? 0;
  return {
    now() {
      const value = current;
      current += step;
      return value;
    },
    set(ms) {
      current = ms;
    },
    advance(ms) {
      current += ms;
    },
  };
}
