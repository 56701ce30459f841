import { isDomainError } from "@parley/core";
import type { OperatorRepository } from "@parley/db";
import { hashPassword } from "./auth/password";

export interface FirstAdmin {
  email: string;
  password: string;
  name?: string;
}

export type BootstrapOutcome = "created" | "exists";

/**
 * Creates the first admin when there is no operator at all. Idempotent (does nothing
 * once any operator exists) and safe when several processes start at once: the email's
 * unique index lets exactly one insert win, the others see CONFLICT and report "exists".
 */
export async function ensureFirstAdmin(
  operators: Pick<OperatorRepository, "count" | "create">,
  admin: FirstAdmin,
  hash: (password: string) => Promise<string> = hashPassword,
): Promise<BootstrapOutcome> {
  if ((await operators.count()) > 0) return "exists";
  const passwordHash = await hash(admin.password);
  try {
    await operators.create({ email: admin.email.trim(), name: admin.name ?? "Administrator", passwordHash, role: "admin" });
    return "created";
  } catch (e) {
    if (isDomainError(e) && e.code === "CONFLICT") return "exists";
    throw e;
  }
}
