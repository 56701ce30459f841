/**
 * Helpers for procedure tests: a fresh migrated database, the three operator roles
 * signed in, callers per role / anonymous / cross-site, an in-memory event bus to see
 * what reached SDK clients, and audit-row counting. Not a test file itself.
 */
import { createApp, type Actor, type OperatorRole } from "@parley/core";
import { createInMemoryEventBus, type RecordingEventBus } from "@parley/core/testing";
import { createOperatorRepository } from "@parley/db";
import { openTestDatabase, type OpenTestDatabase } from "@parley/db/testing";
import { TRPCError } from "@trpc/server";
import { expect } from "vitest";
import { hashPassword } from "../auth/password";
import { createServices, type Services } from "../services";
import { createTRPCContext } from "./init";
import { createCaller } from "./root";

export const HOST = "console.test";
export const PASSWORD = "correct horse battery staple";
export const ROLES: OperatorRole[] = ["viewer", "moderator", "admin"];

export interface RouterTestKit {
  database: OpenTestDatabase;
  services: Services;
  bus: RecordingEventBus;
  operatorIds: Record<OperatorRole, string>;
  /** A signed-in caller (same origin, CSRF header). */
  as(role: OperatorRole, signal?: AbortSignal): ReturnType<typeof createCaller>;
  /** No session cookie. */
  anonymous(): ReturnType<typeof createCaller>;
  /** Signs in any operator; its caller, cookie, and the Set-Cookie headers of its calls. */
  signIn(email: string, password?: string): Promise<{ caller: ReturnType<typeof createCaller>; cookie: string; resHeaders: Headers }>;
  /** A caller with this cookie ("name=value"), same origin. */
  withCookie(cookie: string, resHeaders?: Headers): ReturnType<typeof createCaller>;
  /** Signed in, but the request comes from another site without the CSRF header. */
  crossSite(role: OperatorRole): ReturnType<typeof createCaller>;
  /** The server-side actor for arranging data through core directly. */
  serverActor(appId: string): Actor;
  auditCount(): Promise<number>;
  /** Audit rows appended after `since` rows, oldest first. */
  auditRows(): Promise<AuditRowSeen[]>;
  dispose(): Promise<void>;
}

export interface AuditRowSeen {
  action: string;
  operator_id: string;
  operator_role: string;
  app_id: string | null;
  conversation_id: string | null;
  target: string;
  before: unknown;
  after: unknown;
  ip: string | null;
  user_agent: string | null;
}

function caller(services: Services, options: { cookie?: string; origin?: string | null; csrf?: boolean; signal?: AbortSignal; resHeaders?: Headers }) {
  const headers = new Headers({ host: HOST, "user-agent": "vitest", "x-forwarded-for": "198.51.100.7", "x-forwarded-proto": "http" });
  if (options.csrf !== false) headers.set("x-parley-csrf", "1");
  const origin = options.origin === undefined ? `http://${HOST}` : options.origin;
  if (origin !== null) headers.set("origin", origin);
  if (options.cookie) headers.set("cookie", options.cookie);
  return createCaller(() => createTRPCContext({ headers, resHeaders: options.resHeaders ?? new Headers(), services, security: { secureCookies: "auto" } }), {
    ...(options.signal && { signal: options.signal }),
  });
}

export interface RouterTestKitOptions {
  /** The realtime service's base URL (default: none configured). */
  realtimeUrl?: string;
  realtimeTimeoutMs?: number;
}

export async function createRouterTestKit(options: RouterTestKitOptions = {}): Promise<RouterTestKit> {
  const database = await openTestDatabase();
  const bus = createInMemoryEventBus();
  const services = createServices({ database, bus, realtimeUrl: options.realtimeUrl, ...(options.realtimeTimeoutMs !== undefined && { realtimeTimeoutMs: options.realtimeTimeoutMs }) });
  const operators = createOperatorRepository(database);
  const passwordHash = await hashPassword(PASSWORD);
  const operatorIds = {} as Record<OperatorRole, string>;
  const cookies = {} as Record<OperatorRole, string>;
  for (const role of ROLES) {
    const op = await operators.create({ email: `${role}@example.com`, name: `The ${role}`, passwordHash, role });
    operatorIds[role] = op.id;
    const headers = new Headers();
    const signIn = createCaller(() =>
      createTRPCContext({
        headers: new Headers({ host: HOST, origin: `http://${HOST}`, "x-parley-csrf": "1" }),
        resHeaders: headers,
        services,
        security: { secureCookies: "auto" },
      }),
    );
    await signIn.auth.signIn({ email: `${role}@example.com`, password: PASSWORD });
    cookies[role] = headers.getSetCookie()[0]!.split(";")[0]!;
  }
  await database.sql`delete from audit_log`;
  bus.clear();

  return {
    database,
    services,
    bus,
    operatorIds,
    as: (role, signal) => caller(services, { cookie: cookies[role], ...(signal && { signal }) }),
    anonymous: () => caller(services, {}),
    signIn: async (email, password = PASSWORD) => {
      const resHeaders = new Headers();
      await caller(services, { resHeaders }).auth.signIn({ email, password });
      const cookie = resHeaders.getSetCookie()[0]!.split(";")[0]!;
      const callHeaders = new Headers();
      return { caller: caller(services, { cookie, resHeaders: callHeaders }), cookie, resHeaders: callHeaders };
    },
    withCookie: (cookie, resHeaders) => caller(services, { cookie, ...(resHeaders && { resHeaders }) }),
    crossSite: (role) => caller(services, { cookie: cookies[role], origin: "https://evil.example", csrf: false }),
    serverActor: (appId) => ({ kind: "server", appId, clientId: "server" }),
    auditCount: async () => {
      const [row] = await database.sql<{ n: number }[]>`select count(*)::int as n from audit_log`;
      return row!.n;
    },
    auditRows: () =>
      database.sql<AuditRowSeen[]>`
        select action, operator_id, operator_role, app_id, conversation_id, target, before, after, ip, user_agent
        from audit_log order by at, id`,
    dispose: async () => {
      await services.close();
      await database.dispose();
    },
  };
}

/** A new app, created through core as an admin operator would. */
export async function seedApp(kit: RouterTestKit, id = "app1") {
  const actor: Actor = { kind: "operator", appId: id, operatorId: kit.operatorIds.admin, role: "admin", displayAs: "system" };
  return createApp(kit.services.core.deps, actor, { id, name: `App ${id}` });
}

export async function errorOf(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

/**
 * Runs `attempt` as every caller that must be refused and checks the code, that no
 * audit row was written, no event published, and `snapshot` is unchanged.
 */
export async function expectRefusedForAll(
  kit: RouterTestKit,
  refusals: { caller: ReturnType<typeof createCaller>; code: TRPCError["code"]; label: string }[],
  attempt: (caller: ReturnType<typeof createCaller>) => Promise<unknown>,
  snapshot: () => Promise<unknown>,
): Promise<void> {
  const before = await snapshot();
  const audits = await kit.auditCount();
  const events = kit.bus.events().length;
  for (const { caller: c, code, label } of refusals) {
    const error = await errorOf(attempt(c));
    expect(error.code, label).toBe(code);
  }
  expect(await kit.auditCount(), "audit rows after refusals").toBe(audits);
  expect(kit.bus.events().length, "events after refusals").toBe(events);
  expect(await snapshot(), "state after refusals").toEqual(before);
}

/** Anonymous, cross-site (as an admin) and every role below `min`. */
export function refusalsBelow(kit: RouterTestKit, min: OperatorRole, mutation = true) {
  const rank = ROLES.indexOf(min);
  return [
    { caller: kit.anonymous(), code: "UNAUTHORIZED" as const, label: "anonymous" },
    ...(mutation ? [{ caller: kit.crossSite("admin"), code: "FORBIDDEN" as const, label: "cross-site admin" }] : []),
    ...ROLES.slice(0, rank).map((role) => ({ caller: kit.as(role), code: "FORBIDDEN" as const, label: role })),
  ];
}

/** Exactly one new audit row with this action. */
export async function expectOneAudit(kit: RouterTestKit, countBefore: number, action: string): Promise<AuditRowSeen> {
  expect(await kit.auditCount()).toBe(countBefore + 1);
  const rows = await kit.auditRows();
  const last = rows[rows.length - 1]!;
  expect(last.action).toBe(action);
  expect(last.ip).toBe("198.51.100.7");
  expect(last.user_agent).toBe("vitest");
  return last;
}
