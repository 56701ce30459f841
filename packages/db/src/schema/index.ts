export * from "./apps.js";
export * from "./conversations.js";
export * from "./members.js";
export * from "./moderation.js";
export * from "./messages.js";
export * from "./sessions.js";
export * from "./operators.js";
export * from "./events.js";
