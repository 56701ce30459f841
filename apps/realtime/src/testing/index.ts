export * from "./database.js";
export * from "./signatures.js";
export * from "./silent-logger.js";
export * from "./handler-test-kit.js";
export * from "./server.js";
