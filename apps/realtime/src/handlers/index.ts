// The default handler table. createRealtimeServer({ handlers }) merges overrides/additions over it.
import { handleEcho } from "./echo.js";
import { handleSessionClose, handleSessionOpen, handleSessionQuery, handleSessionRefresh } from "./session.js";
import type { HandlerTable } from "./types.js";

export const defaultHandlers: HandlerTable = {
  "session/open": handleSessionOpen,
  "session/refresh": handleSessionRefresh,
  "session/close": handleSessionClose,
  "session/query": handleSessionQuery,
  echo: handleEcho,
};

export * from "./types.js";
