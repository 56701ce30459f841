import { DomainError } from "@parley/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type OpenTestDatabase } from "../testing/index.js";
import {
  createOperatorRepository,
  createOperatorSessionRepository,
  runOperatorTransaction,
  type OperatorRepository,
  type OperatorSessionRepository,
} from "./operators.js";

let database: OpenTestDatabase;
let operators: OperatorRepository;
let sessions: OperatorSessionRepository;

beforeAll(async () => {
  database = await openTestDatabase();
  operators = createOperatorRepository(database);
  sessions = createOperatorSessionRepository(database);
});

afterAll(() => database?.dispose());

const hour = 3600_000;

describe("operator repository", () => {
  it("creates an operator and finds it by id and, case-insensitively, by email", async () => {
    const created = await operators.create({
      email: "Ada@Example.com",
      name: "Ada",
      passwordHash: "$argon2id$fake",
      role: "admin",
    });
    expect(created).toMatchObject({ email: "Ada@Example.com", name: "Ada", role: "admin", disabled: false });
    expect(created.id).toMatch(/^[0-9a-f]{24}$/);
    expect(created.createdAt).toBeInstanceOf(Date);
    expect(created).not.toHaveProperty("passwordHash");

    expect(await operators.findById(created.id)).toEqual(created);
    const withCredentials = await operators.findByEmailWithCredentials("ada@example.COM");
    expect(withCredentials).toEqual({ ...created, passwordHash: "$argon2id$fake" });
    expect(await operators.findByEmailWithCredentials("nobody@example.com")).toBeNull();
    expect(await operators.findById("000000000000000000000000")).toBeNull();
  });

  it("refuses a second operator with the same email in another case (CONFLICT)", async () => {
    await operators.create({ email: "grace@example.com", name: "Grace", passwordHash: "h", role: "moderator" });
    const error = await operators
      .create({ email: "GRACE@example.com", name: "Grace 2", passwordHash: "h", role: "viewer" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe("CONFLICT");
  });

  it("updates role, name, disabled and password hash; lists and counts", async () => {
    const op = await operators.create({ email: "lin@example.com", name: "Lin", passwordHash: "old", role: "viewer" });
    const updated = await operators.update(op.id, { role: "moderator", disabled: true });
    expect(updated).toMatchObject({ id: op.id, name: "Lin", role: "moderator", disabled: true });
    expect(await operators.update("000000000000000000000000", { name: "x" })).toBeNull();

    await operators.updatePasswordHash(op.id, "new");
    expect((await operators.findByEmailWithCredentials("lin@example.com"))?.passwordHash).toBe("new");

    const all = await operators.list();
    expect(all.map((o) => o.email)).toEqual(expect.arrayContaining(["lin@example.com", "grace@example.com"]));
    expect(await operators.count()).toBe(all.length);
  });
});

describe("operator session repository", () => {
  it("stores a session under its token hash and finds it with its operator", async () => {
    const op = await operators.create({ email: "s1@example.com", name: "S1", passwordHash: "h", role: "viewer" });
    const createdAt = new Date("2030-01-01T00:00:00Z");
    const session = await sessions.create({
      tokenHash: "a".repeat(64),
      operatorId: op.id,
      createdAt,
      expiresAt: new Date(createdAt.getTime() + 168 * hour),
      ip: "203.0.113.7",
      userAgent: "Vitest",
    });
    expect(session).toEqual({
      tokenHash: "a".repeat(64),
      operatorId: op.id,
      createdAt,
      lastSeenAt: createdAt,
      expiresAt: new Date(createdAt.getTime() + 168 * hour),
      ip: "203.0.113.7",
      userAgent: "Vitest",
    });

    const found = await sessions.findWithOperator("a".repeat(64));
    expect(found?.session).toEqual(session);
    expect(found?.operator).toEqual(op);
    expect(await sessions.findWithOperator("b".repeat(64))).toBeNull();

    const later = new Date(createdAt.getTime() + hour);
    await sessions.touch("a".repeat(64), later);
    expect((await sessions.findWithOperator("a".repeat(64)))?.session.lastSeenAt).toEqual(later);
  });

  it("deletes one session, all sessions of an operator, and expired or idle sessions", async () => {
    const op = await operators.create({ email: "s2@example.com", name: "S2", passwordHash: "h", role: "viewer" });
    const other = await operators.create({ email: "s3@example.com", name: "S3", passwordHash: "h", role: "viewer" });
    const t0 = new Date("2030-02-01T00:00:00Z");
    const make = (hash: string, operatorId: string, createdAt = t0, expiresAt = new Date(t0.getTime() + 168 * hour)) =>
      sessions.create({ tokenHash: hash, operatorId, createdAt, expiresAt });

    await make("c1", op.id);
    await make("c2", op.id);
    await make("c3", other.id);
    expect((await sessions.listForOperator(op.id)).map((s) => s.tokenHash)).toEqual(["c1", "c2"]);

    expect(await sessions.delete("c1")).toBe(true);
    expect(await sessions.delete("c1")).toBe(false);
    expect(await sessions.deleteAllForOperator(op.id)).toBe(1);
    expect(await sessions.listForOperator(op.id)).toEqual([]);
    expect(await sessions.listForOperator(other.id)).toHaveLength(1);

    // c4: past its absolute expiry; c5: idle too long; c6: alive.
    await make("c4", other.id, t0, new Date(t0.getTime() + hour));
    await make("c5", other.id, new Date(t0.getTime() - 20 * hour));
    await make("c6", other.id, new Date(t0.getTime() + 2 * hour));
    const now = new Date(t0.getTime() + 3 * hour);
    const before = (await database.sql<{ n: number }[]>`select count(*)::int as n from operator_sessions`)[0]!.n;
    const removed = await sessions.deleteExpired({ now, idleBefore: new Date(now.getTime() - 12 * hour) });
    const after = (await database.sql<{ n: number }[]>`select count(*)::int as n from operator_sessions`)[0]!.n;
    expect(removed).toBe(before - after);
    expect(await sessions.findWithOperator("c4")).toBeNull();
    expect(await sessions.findWithOperator("c5")).toBeNull();
    expect((await sessions.listForOperator(other.id)).map((s) => s.tokenHash).sort()).toEqual(["c3", "c6"]);
  });

  it("removes an operator's sessions when the operator is deleted (cascade)", async () => {
    const op = await operators.create({ email: "s4@example.com", name: "S4", passwordHash: "h", role: "viewer" });
    await sessions.create({
      tokenHash: "d1",
      operatorId: op.id,
      createdAt: new Date(),
      expiresAt: new Date(Date.now() + hour),
    });
    await database.sql`delete from operators where id = ${op.id}`;
    expect(await sessions.findWithOperator("d1")).toBeNull();
  });
});

describe("runOperatorTransaction", () => {
  const auditEntry = (id: string, operatorId: string) => ({
    id,
    appId: null,
    operatorId,
    role: "admin" as const,
    action: "operator.test",
    target: `operator:${operatorId}`,
    before: null,
    after: { n: 1 },
    ip: null,
    userAgent: null,
    at: new Date(),
  });
  const auditIds = async () => (await database.sql<{ id: string }[]>`select id from audit_log order by id`).map((r) => r.id);

  it("commits operator, session and audit writes together", async () => {
    const op = await runOperatorTransaction(database, async (tx) => {
      const created = await tx.operators.create({ email: "tx1@example.com", name: "Tx", passwordHash: "h", role: "viewer" });
      await tx.sessions.create({ tokenHash: "tx1", operatorId: created.id, createdAt: new Date(), expiresAt: new Date(Date.now() + hour) });
      await tx.audit.append(auditEntry("a00000000000000000000001", created.id));
      return created;
    });
    expect(await operators.findById(op.id)).toEqual(op);
    expect(await sessions.findWithOperator("tx1")).not.toBeNull();
    expect(await auditIds()).toContain("a00000000000000000000001");
  });

  it("rolls every write back when the callback throws", async () => {
    const error = await runOperatorTransaction(database, async (tx) => {
      const created = await tx.operators.create({ email: "tx2@example.com", name: "Tx", passwordHash: "h", role: "viewer" });
      await tx.audit.append(auditEntry("a00000000000000000000002", created.id));
      throw new Error("boom");
    }).catch((e: unknown) => e);
    expect((error as Error).message).toBe("boom");
    expect(await operators.findByEmailWithCredentials("tx2@example.com")).toBeNull();
    expect(await auditIds()).not.toContain("a00000000000000000000002");
  });

  it("returns array results as they are", async () => {
    expect(await runOperatorTransaction(database, async () => [1, 2])).toEqual([1, 2]);
  });

  it("lists the enabled admins and holds their rows until the transaction ends", async () => {
    const a1 = await operators.create({ email: "la1@example.com", name: "A1", passwordHash: "h", role: "admin" });
    const a2 = await operators.create({ email: "la2@example.com", name: "A2", passwordHash: "h", role: "admin" });
    const off = await operators.create({ email: "la3@example.com", name: "A3", passwordHash: "h", role: "admin" });
    await operators.update(off.id, { disabled: true });

    const admins = await runOperatorTransaction(database, (tx) => tx.operators.lockActiveAdmins());
    expect(admins).toEqual(expect.arrayContaining([a1.id, a2.id]));
    expect(admins).not.toContain(off.id);

    // Two transactions that each demote "another" admin when more than one is left: the
    // second waits for the first's locks, then sees one admin fewer.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let firstLocked!: () => void;
    const locked = new Promise<void>((r) => (firstLocked = r));
    const demoteIfNotLast = (id: string, wait?: Promise<void>) =>
      runOperatorTransaction(database, async (tx) => {
        const active = await tx.operators.lockActiveAdmins();
        if (wait) {
          firstLocked();
          await wait;
        }
        if (active.length <= 1 || !active.includes(id)) return false;
        await tx.operators.update(id, { role: "moderator" });
        return true;
      });
    // Leave exactly a1 and a2 as active admins.
    for (const id of admins.filter((id) => id !== a1.id && id !== a2.id)) await operators.update(id, { role: "viewer" });
    const first = demoteIfNotLast(a1.id, held);
    await locked;
    const second = demoteIfNotLast(a2.id);
    await new Promise((r) => setTimeout(r, 100));
    release();
    expect(await Promise.all([first, second])).toEqual([true, false]);
    expect((await operators.findById(a2.id))?.role).toBe("admin");
  });
});
