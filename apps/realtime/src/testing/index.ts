export * from "./in-memory-app-directory.js";
export * from "./in-memory-session-token-store.js";
export * from "./silent-logger.js";
export * from "./handler-test-kit.js";
