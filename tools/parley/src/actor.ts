import type { Actor } from "@parley/core";

/** The launcher and the CLI act as a built-in admin operator (they run with shell access to the data). */
export const cliActor = (appId = ""): Actor => ({
  kind: "operator",
  appId,
  operatorId: "cli",
  role: "admin",
  displayAs: "system",
});
