export * from "./codec.js";
export * from "./constants.js";
export * from "./errors.js";
export * from "./prepared-command.js";
export type * from "./types.js";
