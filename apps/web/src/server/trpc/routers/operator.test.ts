import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createRouterTestKit,
  errorOf,
  expectOneAudit,
  expectRefusedForAll,
  PASSWORD,
  refusalsBelow,
  type RouterTestKit,
} from "../test-kit";

let kit: RouterTestKit;

beforeAll(async () => {
  kit = await createRouterTestKit();
});
afterAll(() => kit?.dispose());

const operatorsSnapshot = () =>
  kit.database.sql`select id, email, name, role, disabled, password_hash from operators order by id`;
const sessionsSnapshot = () => kit.database.sql`select token_hash, operator_id from operator_sessions order by token_hash`;
const snapshot = async () => ({ operators: await operatorsSnapshot(), sessions: await sessionsSnapshot() });

let counter = 0;
/** A new operator through the procedure, signed in once (so it has a session). */
async function newOperator(role: "admin" | "moderator" | "viewer") {
  const email = `op${++counter}@example.com`;
  const { operator } = await kit.as("admin").operator.create({ email, name: `Op ${counter}`, role, password: PASSWORD });
  const session = await kit.signIn(email);
  return { ...operator, ...session };
}

const domainCodeOf = (error: { cause?: unknown }) => (error.cause as { code?: string } | undefined)?.code;

describe("operator.list", () => {
  it("lists every operator with role, state, creation, last sign-in and open sessions, for admins", async () => {
    const rows = await kit.as("admin").operator.list();
    expect(rows.map((r) => r.email)).toEqual(expect.arrayContaining(["viewer@example.com", "moderator@example.com", "admin@example.com"]));
    const admin = rows.find((r) => r.email === "admin@example.com")!;
    expect(admin).toMatchObject({ name: "The admin", role: "admin", disabled: false });
    expect(admin.createdAt).toBeInstanceOf(Date);
    // The kit's sign-ins are in the audit log even though the kit clears it: cleared rows → null.
    expect(admin.openSessions).toBe(1);
    expect(admin).not.toHaveProperty("passwordHash");
  });

  it("shows the last sign-in from the audit trail", async () => {
    const op = await newOperator("viewer");
    const row = (await kit.as("admin").operator.list()).find((r) => r.id === op.id)!;
    expect(row.lastSignInAt).toBeInstanceOf(Date);
    expect(row.openSessions).toBe(1);
  });

  it("refuses anonymous callers, viewers and moderators", async () => {
    for (const { caller, code, label } of refusalsBelow(kit, "admin", false)) {
      expect((await errorOf(caller.operator.list())).code, label).toBe(code);
    }
  });
});

describe("operator.create", () => {
  it("creates an operator with the given password, audited without it", async () => {
    const n = await kit.auditCount();
    const r = await kit.as("admin").operator.create({ email: "new.one@example.com", name: " New One ", role: "moderator", password: "long enough 1" });
    expect(r.generatedPassword).toBeNull();
    expect(r.operator).toMatchObject({ email: "new.one@example.com", name: "New One", role: "moderator", disabled: false });
    const row = await expectOneAudit(kit, n, "operator.create");
    expect(row).toMatchObject({ operator_id: kit.operatorIds.admin, operator_role: "admin", app_id: null, target: `operator:${r.operator.id}` });
    expect(JSON.stringify(row.after)).not.toContain("long enough 1");
    expect(row.after).toMatchObject({ email: "new.one@example.com", role: "moderator", passwordGenerated: false });
    const { caller } = await kit.signIn("new.one@example.com", "long enough 1");
    expect((await caller.auth.me())?.operator.role).toBe("moderator");
  });

  it("generates a password when none is given and returns it once", async () => {
    const r = await kit.as("admin").operator.create({ email: "gen@example.com", name: "Gen", role: "viewer" });
    expect(r.generatedPassword).toMatch(/^[A-Za-z2-9]{20}$/);
    const { caller } = await kit.signIn("gen@example.com", r.generatedPassword!);
    expect((await caller.auth.me())?.operator.email).toBe("gen@example.com");
    const list = await kit.as("admin").operator.list();
    expect(JSON.stringify(list)).not.toContain(r.generatedPassword!);
  });

  it("refuses a taken email (any case) with CONFLICT, a short password and a bad email with BAD_REQUEST, writing nothing", async () => {
    await expectRefusedForAll(
      kit,
      [{ caller: kit.as("admin"), code: "CONFLICT", label: "taken email" }],
      (c) => c.operator.create({ email: "VIEWER@example.com", name: "Dup", role: "viewer", password: PASSWORD }),
      snapshot,
    );
    await expectRefusedForAll(
      kit,
      [{ caller: kit.as("admin"), code: "BAD_REQUEST", label: "short password" }],
      (c) => c.operator.create({ email: "short@example.com", name: "Short", role: "viewer", password: "123456789" }),
      snapshot,
    );
    await expectRefusedForAll(
      kit,
      [{ caller: kit.as("admin"), code: "BAD_REQUEST", label: "bad email" }],
      (c) => c.operator.create({ email: "not an email", name: "Bad", role: "viewer", password: PASSWORD }),
      snapshot,
    );
  });

  it("is refused to anonymous, cross-site, viewer and moderator callers with nothing changed", async () => {
    await expectRefusedForAll(kit, refusalsBelow(kit, "admin"), (c) => c.operator.create({ email: "x@example.com", name: "X", role: "admin", password: PASSWORD }), snapshot);
  });
});

describe("operator.updateRole", () => {
  it("changes the role, effective on the operator's next request, audited with before and after", async () => {
    const op = await newOperator("viewer");
    expect((await errorOf(op.caller.operator.list())).code).toBe("FORBIDDEN");
    const n = await kit.auditCount();
    const r = await kit.as("admin").operator.updateRole({ operatorId: op.id, role: "admin" });
    expect(r.role).toBe("admin");
    const row = await expectOneAudit(kit, n, "operator.role");
    expect(row).toMatchObject({ target: `operator:${op.id}`, before: { role: "viewer" }, after: { role: "admin" } });
    expect((await op.caller.operator.list()).length).toBeGreaterThan(3);
  });

  it("gives NOT_FOUND for an unknown operator", async () => {
    await expectRefusedForAll(
      kit,
      [{ caller: kit.as("admin"), code: "NOT_FOUND", label: "unknown" }],
      (c) => c.operator.updateRole({ operatorId: "000000000000000000000000", role: "viewer" }),
      snapshot,
    );
  });

  it("is refused to anonymous, cross-site, viewer and moderator callers with nothing changed", async () => {
    await expectRefusedForAll(kit, refusalsBelow(kit, "admin"), (c) => c.operator.updateRole({ operatorId: kit.operatorIds.viewer, role: "admin" }), snapshot);
  });
});

describe("operator.setDisabled", () => {
  it("disables an operator and ends their sessions; enabling lets them sign in again", async () => {
    const op = await newOperator("moderator");
    const n = await kit.auditCount();
    const r = await kit.as("admin").operator.setDisabled({ operatorId: op.id, disabled: true });
    expect(r).toMatchObject({ operator: { disabled: true }, sessionsEnded: 1, signedOut: false });
    const row = await expectOneAudit(kit, n, "operator.disable");
    expect(row).toMatchObject({ before: { disabled: false }, after: { disabled: true, sessionsEnded: 1 } });
    expect(await kit.withCookie(op.cookie).auth.me()).toBeNull();
    expect((await errorOf(kit.signIn(op.email))).code).toBe("UNAUTHORIZED");

    await kit.as("admin").operator.setDisabled({ operatorId: op.id, disabled: false });
    await expectOneAudit(kit, n + 1 + 1, "operator.enable"); // + the failed sign-in's row
    expect((await (await kit.signIn(op.email)).caller.auth.me())?.operator.email).toBe(op.email);
  });

  it("is refused to anonymous, cross-site, viewer and moderator callers with nothing changed", async () => {
    await expectRefusedForAll(kit, refusalsBelow(kit, "admin"), (c) => c.operator.setDisabled({ operatorId: kit.operatorIds.viewer, disabled: true }), snapshot);
  });
});

describe("operator.resetPassword", () => {
  it("sets a new password and ends every session of the operator", async () => {
    const op = await newOperator("viewer");
    await kit.signIn(op.email); // a second browser
    const n = await kit.auditCount();
    const r = await kit.as("admin").operator.resetPassword({ operatorId: op.id, password: "brand new password" });
    expect(r).toEqual({ sessionsEnded: 2, generatedPassword: null, signedOut: false });
    const row = await expectOneAudit(kit, n, "operator.resetPassword");
    expect(row.after).toEqual({ passwordGenerated: false, sessionsEnded: 2 });
    expect(JSON.stringify(row)).not.toContain("brand new password");
    expect(await kit.withCookie(op.cookie).auth.me()).toBeNull();
    expect((await errorOf(kit.signIn(op.email))).code).toBe("UNAUTHORIZED");
    await kit.signIn(op.email, "brand new password");
  });

  it("generates a password when none is given", async () => {
    const op = await newOperator("viewer");
    const r = await kit.as("admin").operator.resetPassword({ operatorId: op.id });
    expect(r.generatedPassword).toMatch(/^[A-Za-z2-9]{20}$/);
    await kit.signIn(op.email, r.generatedPassword!);
  });

  it("signs the admin out when they reset their own password", async () => {
    const me = await newOperator("admin");
    const r = await me.caller.operator.resetPassword({ operatorId: me.id, password: "my own new password" });
    expect(r.signedOut).toBe(true);
    expect(me.resHeaders.getSetCookie().at(-1)).toMatch(/^parley_session=; .*Max-Age=0/);
    expect(await kit.withCookie(me.cookie).auth.me()).toBeNull();
  });

  it("is refused to anonymous, cross-site, viewer and moderator callers with nothing changed", async () => {
    await expectRefusedForAll(kit, refusalsBelow(kit, "admin"), (c) => c.operator.resetPassword({ operatorId: kit.operatorIds.viewer, password: "0123456789" }), snapshot);
  });
});

describe("the last enabled admin", () => {
  it("cannot be demoted or disabled (LAST_ACTIVE_ADMIN), by themselves or anyone; another admin makes it possible", async () => {
    // A kit of its own: exactly one enabled admin.
    const solo = await createRouterTestKit();
    try {
      const soloSnapshot = async () => ({
        operators: await solo.database.sql`select id, role, disabled from operators order by id`,
        sessions: await solo.database.sql`select token_hash from operator_sessions order by token_hash`,
      });
      const admin = solo.as("admin");
      const id = solo.operatorIds.admin;
      for (const attempt of [
        () => admin.operator.updateRole({ operatorId: id, role: "moderator" }),
        () => admin.operator.updateRole({ operatorId: id, role: "viewer" }),
        () => admin.operator.setDisabled({ operatorId: id, disabled: true }),
      ]) {
        await expectRefusedForAll(solo, [{ caller: admin, code: "PRECONDITION_FAILED", label: "last admin" }], attempt, soloSnapshot);
        expect(domainCodeOf(await errorOf(attempt()))).toBe("LAST_ACTIVE_ADMIN");
      }
      // A disabled admin does not count.
      const other = await admin.operator.create({ email: "second@example.com", name: "Second", role: "admin", password: PASSWORD });
      await admin.operator.setDisabled({ operatorId: other.operator.id, disabled: true });
      expect(domainCodeOf(await errorOf(admin.operator.updateRole({ operatorId: id, role: "viewer" })))).toBe("LAST_ACTIVE_ADMIN");

      // Once the second admin is enabled, the first may step down.
      await admin.operator.setDisabled({ operatorId: other.operator.id, disabled: false });
      const n = await solo.auditCount();
      expect((await admin.operator.updateRole({ operatorId: id, role: "moderator" })).role).toBe("moderator");
      await expectOneAudit(solo, n, "operator.role");
      // Now the second is the last one.
      const second = await solo.signIn("second@example.com");
      expect(domainCodeOf(await errorOf(second.caller.operator.setDisabled({ operatorId: other.operator.id, disabled: true })))).toBe("LAST_ACTIVE_ADMIN");
    } finally {
      await solo.dispose();
    }
  });

  it("two admins demoting each other at once: exactly one succeeds", async () => {
    const solo = await createRouterTestKit();
    try {
      const b = await solo.as("admin").operator.create({ email: "b@example.com", name: "B", role: "admin", password: PASSWORD });
      const bSession = await solo.signIn("b@example.com");
      const results = await Promise.allSettled([
        solo.as("admin").operator.updateRole({ operatorId: b.operator.id, role: "viewer" }),
        bSession.caller.operator.updateRole({ operatorId: solo.operatorIds.admin, role: "viewer" }),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const [row] = await solo.database.sql<{ n: number }[]>`select count(*)::int as n from operators where role = 'admin' and not disabled`;
      expect(row!.n).toBe(1);
    } finally {
      await solo.dispose();
    }
  });
});
