import { createOperatorRepository } from "@parley/db";
import { createDatabase } from "@parley/db/client";
import { env } from "../env";
import { ensureFirstAdmin } from "./bootstrap";

/** Start-up work of the Node.js server process (see src/instrumentation.ts). */
export async function bootstrapFromEnvironment(): Promise<void> {
  const { DATABASE_URL, PARLEY_ADMIN_EMAIL, PARLEY_ADMIN_PASSWORD } = env;
  if (!DATABASE_URL || !PARLEY_ADMIN_EMAIL || !PARLEY_ADMIN_PASSWORD) return;
  const database = createDatabase({ url: DATABASE_URL, max: 1, applicationName: "parley-web-bootstrap" });
  try {
    const outcome = await ensureFirstAdmin(createOperatorRepository(database), { email: PARLEY_ADMIN_EMAIL, password: PARLEY_ADMIN_PASSWORD });
    if (outcome === "created") console.log(`parley: created the first admin operator (${PARLEY_ADMIN_EMAIL})`);
  } finally {
    await database.close();
  }
}
