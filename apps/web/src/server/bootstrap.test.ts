import { createOperatorRepository } from "@parley/db";
import { openTestDatabase, type OpenTestDatabase } from "@parley/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "./auth/password";
import { ensureFirstAdmin } from "./bootstrap";

let database: OpenTestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database?.dispose());

const fastHash = async (p: string) => (await import("./auth/password")).hashPassword(p);

describe("ensureFirstAdmin", () => {
  it("creates the admin once, even when started concurrently", async () => {
    const operators = createOperatorRepository(database);
    const admin = { email: "root@example.com", password: "a long enough password" };
    const outcomes = await Promise.all([1, 2, 3].map(() => ensureFirstAdmin(operators, admin, fastHash)));
    expect(outcomes.filter((o) => o === "created")).toHaveLength(1);
    const all = await operators.list();
    expect(all).toMatchObject([{ email: "root@example.com", role: "admin", disabled: false }]);
    const withHash = await operators.findByEmailWithCredentials("root@example.com");
    expect(await verifyPassword(withHash!.passwordHash, admin.password)).toBe(true);
  });

  it("does nothing once any operator exists", async () => {
    const operators = createOperatorRepository(database);
    expect(await ensureFirstAdmin(operators, { email: "second@example.com", password: "another password" }, fastHash)).toBe("exists");
    expect(await operators.count()).toBe(1);
  });
});
