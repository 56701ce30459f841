import { DomainError } from "@parley/core";
import { createOperatorRepository } from "@parley/db";
import { openTestDatabase, type OpenTestDatabase } from "@parley/db/testing";
import { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import superjson from "superjson";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RequestSecurityConfig } from "../../auth/http";
import { hashPassword } from "../../auth/password";
import { hashSessionToken } from "../../auth/tokens";
import { createServices, type Services } from "../../services";
import { authedProcedure, createCallerFactory, createTRPCContext, createTRPCRouter, roleProcedure } from "../init";
import { appRouter, createCaller } from "../root";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const PASSWORD = "correct horse battery staple";
const HOST = "console.test";

let database: OpenTestDatabase;
let services: Services;
let clock: { now: number };

beforeAll(async () => {
  database = await openTestDatabase();
  const operators = createOperatorRepository(database);
  const passwordHash = await hashPassword(PASSWORD);
  await operators.create({ email: "admin@example.com", name: "Ada Admin", passwordHash, role: "admin" });
  await operators.create({ email: "mod@example.com", name: "Mo Moderator", passwordHash, role: "moderator" });
  await operators.create({ email: "viewer@example.com", name: "Vi Viewer", passwordHash, role: "viewer" });
  const gone = await operators.create({ email: "gone@example.com", name: "Gone", passwordHash, role: "viewer" });
  await operators.update(gone.id, { disabled: true });
});

afterAll(() => database?.dispose());

// Each test: a fresh clock, fresh throttle counters and no sessions; same operators.
beforeEach(async () => {
  await database.sql`delete from operator_sessions`;
  clock = { now: Date.parse("2030-01-01T08:00:00Z") };
  services = createServices({ database, now: () => clock.now });
});

interface RequestOptions {
  cookie?: string | null;
  /** Origin header; null to omit it. Default: the console's own origin. */
  origin?: string | null;
  referer?: string;
  /** Send the CSRF header (default true, as the console's client does). */
  csrf?: boolean;
  ip?: string;
  proto?: "http" | "https";
  security?: RequestSecurityConfig;
}

function request(options: RequestOptions = {}) {
  const headers = new Headers({
    host: HOST,
    "user-agent": "vitest",
    "x-forwarded-for": options.ip ?? "198.51.100.7",
    "x-forwarded-proto": options.proto ?? "http",
  });
  if (options.csrf !== false) headers.set("x-parley-csrf", "1");
  const origin = options.origin === undefined ? `${options.proto ?? "http"}://${HOST}` : options.origin;
  if (origin !== null) headers.set("origin", origin);
  if (options.referer) headers.set("referer", options.referer);
  if (options.cookie) headers.set("cookie", options.cookie);
  const resHeaders = new Headers();
  const security = options.security ?? { secureCookies: "auto" };
  const caller = createCaller(() => createTRPCContext({ headers, resHeaders, services, security }));
  return { caller, resHeaders };
}

/** "name=value" of the Set-Cookie the call produced. */
const cookieFrom = (resHeaders: Headers): string => {
  const [setCookie] = resHeaders.getSetCookie();
  expect(setCookie).toBeDefined();
  return setCookie!.split(";")[0]!;
};

async function signIn(email: string, options: RequestOptions = {}) {
  const { caller, resHeaders } = request(options);
  const result = await caller.auth.signIn({ email, password: PASSWORD });
  return { result, cookie: cookieFrom(resHeaders), setCookie: resHeaders.getSetCookie()[0]! };
}

const errorOf = async (promise: Promise<unknown>): Promise<TRPCError> => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
};

const me = (cookie: string | null) => request({ cookie }).caller.auth.me();

describe("auth.signIn", () => {
  it("signs in with email and password and sets an httpOnly, SameSite=Lax session cookie", async () => {
    const { result, cookie, setCookie } = await signIn("Admin@Example.com ");

    expect(result.operator).toEqual({
      id: expect.any(String),
      email: "admin@example.com",
      name: "Ada Admin",
      role: "admin",
    });
    expect(result.operator).not.toHaveProperty("passwordHash");
    expect(setCookie).toMatch(/^parley_session=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=604800; Expires=.+; HttpOnly; SameSite=Lax$/);
    expect(setCookie).not.toContain("Secure");

    const current = await me(cookie);
    expect(current?.operator.email).toBe("admin@example.com");
    expect(current?.session.expiresAt).toEqual(new Date(clock.now + 7 * 24 * HOUR));
    expect(current?.session.idleExpiresAt).toEqual(new Date(clock.now + 12 * HOUR));
  });

  it("stores only the SHA-256 of the token", async () => {
    const { cookie } = await signIn("viewer@example.com");
    const token = cookie.split("=")[1]!;
    const rows = await database.sql<{ token_hash: string; ip: string; user_agent: string }[]>`
      select token_hash, ip, user_agent from operator_sessions where token_hash in (${token}, ${hashSessionToken(token)})`;
    expect(rows).toEqual([{ token_hash: hashSessionToken(token), ip: "198.51.100.7", user_agent: "vitest" }]);
  });

  it("uses a Secure __Host- cookie over TLS", async () => {
    const { cookie, setCookie } = await signIn("viewer@example.com", { proto: "https" });
    expect(setCookie).toMatch(/^__Host-parley_session=[^;]+; Path=\/; .*HttpOnly; SameSite=Lax; Secure$/);
    // Read back under the same name over TLS only.
    expect((await request({ cookie, proto: "https" }).caller.auth.me())?.operator.email).toBe("viewer@example.com");
    expect(await request({ cookie, proto: "http" }).caller.auth.me()).toBeNull();
  });

  it("gives the same UNAUTHORIZED for an unknown email, a wrong password and a disabled account", async () => {
    const attempts = [
      { email: "nobody@example.com", password: PASSWORD },
      { email: "admin@example.com", password: "wrong password" },
      { email: "gone@example.com", password: PASSWORD },
    ];
    const errors = [];
    for (const input of attempts) {
      const { caller, resHeaders } = request();
      errors.push(await errorOf(caller.auth.signIn(input)));
      expect(resHeaders.getSetCookie()).toEqual([]);
    }
    expect(errors.map((e) => [e.code, e.message])).toEqual([
      ["UNAUTHORIZED", "Invalid email or password"],
      ["UNAUTHORIZED", "Invalid email or password"],
      ["UNAUTHORIZED", "Invalid email or password"],
    ]);
  });

  it("throttles after 5 failures per email and IP for 15 minutes (TOO_MANY_REQUESTS), even with the right password", async () => {
    const fail = () => request().caller.auth.signIn({ email: "mod@example.com", password: "nope" });
    for (let i = 0; i < 5; i++) expect((await errorOf(fail())).code).toBe("UNAUTHORIZED");

    const throttled = await errorOf(request().caller.auth.signIn({ email: "MOD@example.com", password: PASSWORD }));
    expect(throttled.code).toBe("TOO_MANY_REQUESTS");
    expect(throttled.cause).toBeInstanceOf(DomainError);
    expect((throttled.cause as DomainError).code).toBe("RATE_LIMITED");
    expect((throttled.cause as DomainError).details).toEqual({ retryAfterSeconds: 15 * 60 });

    // Another IP, or another email from this IP, is not affected.
    await signIn("mod@example.com", { ip: "203.0.113.9" });
    await signIn("viewer@example.com");

    clock.now += 15 * MINUTE;
    const { result } = await signIn("mod@example.com");
    expect(result.operator.role).toBe("moderator");
  });

  it("a successful sign-in resets the failure count", async () => {
    const fail = () => request().caller.auth.signIn({ email: "viewer@example.com", password: "nope" });
    for (let i = 0; i < 4; i++) await errorOf(fail());
    await signIn("viewer@example.com");
    for (let i = 0; i < 4; i++) expect((await errorOf(fail())).code).toBe("UNAUTHORIZED");
  });

  it("replaces this browser's previous session instead of stacking sessions", async () => {
    const first = await signIn("admin@example.com");
    const second = await signIn("admin@example.com", { cookie: first.cookie });
    expect(await me(first.cookie)).toBeNull();
    expect((await me(second.cookie))?.operator.email).toBe("admin@example.com");
  });

  it("rejects malformed input as BAD_REQUEST", async () => {
    const error = await errorOf(request().caller.auth.signIn({ email: "", password: PASSWORD }));
    expect(error.code).toBe("BAD_REQUEST");
  });
});

describe("sign-in audit", () => {
  const auditRows = () =>
    database.sql<{ action: string; operator_id: string; operator_role: string; target: string; after: unknown; ip: string | null; user_agent: string | null }[]>`
      select action, operator_id, operator_role, target, after, ip, user_agent from audit_log order by at, id`;
  beforeEach(async () => {
    await database.sql`delete from audit_log`;
  });

  it("records each failed attempt with the email, address, user agent and the reason, answering all alike", async () => {
    const ids = Object.fromEntries(
      (await database.sql<{ id: string; email: string }[]>`select id, email from operators`).map((r) => [r.email, r.id]),
    );
    const errors = [];
    for (const input of [
      { email: "Nobody@Example.com", password: PASSWORD },
      { email: "admin@example.com", password: "wrong password" },
      { email: "gone@example.com", password: PASSWORD },
    ]) {
      errors.push(await errorOf(request({ ip: "203.0.113.77" }).caller.auth.signIn(input)));
    }
    expect(new Set(errors.map((e) => JSON.stringify([e.code, e.message, e.cause])))).toHaveProperty("size", 1);
    const base = { action: "auth.signInFailed", operator_id: "anonymous", operator_role: "viewer", ip: "203.0.113.77", user_agent: "vitest" };
    const rows = await auditRows();
    expect(rows).toHaveLength(3);
    expect(rows).toEqual(expect.arrayContaining([
      { ...base, target: "email:nobody@example.com", after: { email: "nobody@example.com", reason: "unknown_email" } },
      { ...base, target: "email:admin@example.com", after: { email: "admin@example.com", reason: "wrong_password", operatorId: ids["admin@example.com"] } },
      { ...base, target: "email:gone@example.com", after: { email: "gone@example.com", reason: "disabled", operatorId: ids["gone@example.com"] } },
    ]));
  });

  it("records throttled attempts once per email and address while the throttle lasts", async () => {
    const fail = () => request().caller.auth.signIn({ email: "viewer@example.com", password: "nope" });
    for (let i = 0; i < 5; i++) await errorOf(fail());
    for (let i = 0; i < 3; i++) expect((await errorOf(fail())).code).toBe("TOO_MANY_REQUESTS");
    const reasons = (await auditRows()).map((r) => (r.after as { reason: string }).reason);
    // One clock tick for all: compare as a multiset.
    expect(reasons.sort()).toEqual(["rate_limited", ...Array(5).fill("wrong_password")]);
    clock.now += 15 * MINUTE;
    for (let i = 0; i < 5; i++) await errorOf(fail());
    await errorOf(fail());
    expect((await auditRows()).filter((r) => (r.after as { reason: string }).reason === "rate_limited")).toHaveLength(2);
  });

  it("records a success as auth.signIn by the operator", async () => {
    const { result } = await signIn("mod@example.com");
    expect(await auditRows()).toEqual([
      { action: "auth.signIn", operator_id: result.operator.id, operator_role: "moderator", target: `operator:${result.operator.id}`, after: null, ip: "198.51.100.7", user_agent: "vitest" },
    ]);
  });

  it("writes the session and its audit row in one transaction: no row, no session", async () => {
    await database.sql.unsafe(`
      create function refuse_sign_in_audit() returns trigger language plpgsql as $$
      begin
        if new.action = 'auth.signIn' then raise exception 'audit refused'; end if;
        return new;
      end $$;
      create trigger refuse_sign_in_audit before insert on audit_log for each row execute function refuse_sign_in_audit();`);
    try {
      const { caller, resHeaders } = request();
      expect((await errorOf(caller.auth.signIn({ email: "viewer@example.com", password: PASSWORD }))).code).toBe("INTERNAL_SERVER_ERROR");
      expect(resHeaders.getSetCookie()).toEqual([]);
      expect(await database.sql`select 1 from operator_sessions`).toHaveLength(0);
    } finally {
      await database.sql.unsafe(`drop trigger refuse_sign_in_audit on audit_log; drop function refuse_sign_in_audit();`);
    }
    await signIn("viewer@example.com");
    expect(await database.sql`select 1 from operator_sessions`).toHaveLength(1);
  });

  it("shows why an attempt failed to admins only", async () => {
    await errorOf(request().caller.auth.signIn({ email: "admin@example.com", password: "wrong" }));
    const adminView = await request({ cookie: (await signIn("admin@example.com")).cookie }).caller.audit.list({ filter: { action: "auth.signInFailed" } });
    expect(adminView.items[0]?.after).toMatchObject({ email: "admin@example.com", reason: "wrong_password", operatorId: expect.any(String) });
    const modView = await request({ cookie: (await signIn("mod@example.com")).cookie }).caller.audit.list({ filter: { action: "auth.signInFailed" } });
    expect(modView.items[0]?.after).toEqual({ email: "admin@example.com" });
  });
});

describe("session expiry", () => {
  it("ends a session after 12 hours without activity", async () => {
    const { cookie } = await signIn("viewer@example.com");
    clock.now += 12 * HOUR - 1;
    expect(await me(cookie)).not.toBeNull();
    clock.now += 12 * HOUR;
    const { caller, resHeaders } = request({ cookie });
    expect(await caller.auth.me()).toBeNull();
    // The stale cookie is cleared and the row is gone.
    expect(resHeaders.getSetCookie()[0]).toMatch(/^parley_session=; Path=\/; Max-Age=0;/);
    const token = cookie.split("=")[1]!;
    expect(await database.sql`select 1 from operator_sessions where token_hash = ${hashSessionToken(token)}`).toHaveLength(0);
  });

  it("keeps an active session alive past the idle timeout, but never past 7 days", async () => {
    const { cookie } = await signIn("viewer@example.com");
    for (let elapsed = 0; elapsed < 7 * 24 * HOUR - 6 * HOUR; elapsed += 6 * HOUR) {
      clock.now += 6 * HOUR;
      expect(await me(cookie), `after ${(elapsed + 6 * HOUR) / HOUR} h`).not.toBeNull();
    }
    clock.now += 6 * HOUR; // 7 days after sign-in
    expect(await me(cookie)).toBeNull();
  });

  it("ends the sessions of an operator who has been disabled", async () => {
    const { cookie, result } = await signIn("mod@example.com");
    await database.sql`update operators set disabled = true where id = ${result.operator.id}`;
    try {
      expect(await me(cookie)).toBeNull();
    } finally {
      await database.sql`update operators set disabled = false where id = ${result.operator.id}`;
    }
  });

  it("ignores cookies that are not session tokens", async () => {
    expect(await me("parley_session=not-a-token")).toBeNull();
    expect(await me(null)).toBeNull();
  });
});

describe("auth.signOut and auth.signOutEverywhere", () => {
  it("signs out this browser and clears the cookie", async () => {
    const { cookie } = await signIn("admin@example.com");
    const { caller, resHeaders } = request({ cookie });
    expect(await caller.auth.signOut()).toEqual({ ok: true });
    expect(resHeaders.getSetCookie()).toEqual([expect.stringMatching(/^parley_session=; Path=\/; Max-Age=0;.*HttpOnly/)]);
    expect(await me(cookie)).toBeNull();
  });

  it("signs out every session of the operator and no one else's", async () => {
    const laptop = await signIn("admin@example.com");
    const phone = await signIn("admin@example.com", { ip: "203.0.113.50" });
    const someoneElse = await signIn("mod@example.com");

    const { caller, resHeaders } = request({ cookie: laptop.cookie });
    expect(await caller.auth.signOutEverywhere()).toEqual({ sessionsEnded: 2 });
    expect(resHeaders.getSetCookie()[0]).toMatch(/Max-Age=0/);

    expect(await me(laptop.cookie)).toBeNull();
    expect(await me(phone.cookie)).toBeNull();
    expect((await me(someoneElse.cookie))?.operator.email).toBe("mod@example.com");
  });

  it("requires a session to sign out everywhere", async () => {
    expect((await errorOf(request().caller.auth.signOutEverywhere())).code).toBe("UNAUTHORIZED");
  });
});

describe("roles", () => {
  // A sample router as future areas will write them.
  const sampleRouter = createTRPCRouter({
    read: authedProcedure.query(({ ctx }) => ctx.operator.role),
    moderate: roleProcedure("moderator").mutation(() => "moderated"),
    administer: roleProcedure("admin").mutation(() => "administered"),
    missing: authedProcedure.query((): never => {
      throw new DomainError("CONVERSATION_NOT_FOUND", "conversation c1 of app a1 does not exist");
    }),
  });
  const callSample = async (email: string | null) => {
    const headers = new Headers({ host: HOST, origin: `http://${HOST}`, "x-parley-csrf": "1" });
    if (email) headers.set("cookie", (await signIn(email)).cookie);
    return createCallerFactory(sampleRouter)(() =>
      createTRPCContext({ headers, resHeaders: new Headers(), services, security: { secureCookies: "auto" } }),
    );
  };

  it("refuses anonymous callers with UNAUTHORIZED", async () => {
    const caller = await callSample(null);
    expect((await errorOf(caller.read())).code).toBe("UNAUTHORIZED");
    expect((await errorOf(caller.moderate())).code).toBe("UNAUTHORIZED");
  });

  it("lets a viewer read but not moderate or administer", async () => {
    const caller = await callSample("viewer@example.com");
    expect(await caller.read()).toBe("viewer");
    expect((await errorOf(caller.moderate())).code).toBe("FORBIDDEN");
    expect((await errorOf(caller.administer())).code).toBe("FORBIDDEN");
  });

  it("lets a moderator moderate but not administer", async () => {
    const caller = await callSample("mod@example.com");
    expect(await caller.moderate()).toBe("moderated");
    expect((await errorOf(caller.administer())).code).toBe("FORBIDDEN");
  });

  it("lets an admin do everything", async () => {
    const caller = await callSample("admin@example.com");
    expect(await caller.moderate()).toBe("moderated");
    expect(await caller.administer()).toBe("administered");
  });

  it("maps a DomainError thrown by a procedure to its tRPC code, hiding the internal message", async () => {
    const caller = await callSample("viewer@example.com");
    const error = await errorOf(caller.missing());
    expect(error.code).toBe("NOT_FOUND");
    expect(error.message).toBe("CONVERSATION_NOT_FOUND");
    expect((error.cause as DomainError).code).toBe("CONVERSATION_NOT_FOUND");
  });
});

describe("CSRF", () => {
  it("refuses a mutation without the CSRF header", async () => {
    const error = await errorOf(request({ csrf: false }).caller.auth.signIn({ email: "admin@example.com", password: PASSWORD }));
    expect(error.code).toBe("FORBIDDEN");
  });

  it("refuses a mutation from a foreign Origin, even with the header", async () => {
    const error = await errorOf(
      request({ origin: "https://evil.example" }).caller.auth.signIn({ email: "admin@example.com", password: PASSWORD }),
    );
    expect(error.code).toBe("FORBIDDEN");
  });

  it("refuses a mutation with neither Origin nor Referer", async () => {
    const error = await errorOf(request({ origin: null }).caller.auth.signIn({ email: "admin@example.com", password: PASSWORD }));
    expect(error.code).toBe("FORBIDDEN");
  });

  it("accepts a same-host Referer when Origin is absent, and the configured public URL", async () => {
    const viaReferer = request({ origin: null, referer: `http://${HOST}/sign-in` });
    await viaReferer.caller.auth.signIn({ email: "admin@example.com", password: PASSWORD });

    const viaPublicUrl = request({
      origin: "https://console.example.com",
      security: { secureCookies: "auto", publicUrl: "https://console.example.com" },
    });
    await viaPublicUrl.caller.auth.signIn({ email: "admin@example.com", password: PASSWORD });
    expect(viaPublicUrl.resHeaders.getSetCookie()[0]).toMatch(/^__Host-parley_session=.*; Secure$/);
  });

  it("does not sign out on a forged request, and leaves queries alone", async () => {
    const { cookie } = await signIn("admin@example.com");
    expect((await errorOf(request({ cookie, csrf: false }).caller.auth.signOut())).code).toBe("FORBIDDEN");
    expect((await errorOf(request({ cookie, origin: "http://evil.example" }).caller.auth.signOutEverywhere())).code).toBe(
      "FORBIDDEN",
    );
    expect((await request({ cookie, csrf: false, origin: null }).caller.auth.me())?.operator.email).toBe("admin@example.com");
  });
});

describe("over HTTP (fetch adapter)", () => {
  const post = (path: string, input: unknown, headers: Record<string, string> = {}) =>
    fetchRequestHandler({
      endpoint: "/api/trpc",
      router: appRouter,
      req: new Request(`http://${HOST}/api/trpc/${path}`, {
        method: "POST",
        headers: {
          host: HOST,
          origin: `http://${HOST}`,
          "x-parley-csrf": "1",
          "content-type": "application/json",
          "x-forwarded-for": "192.0.2.1",
          ...headers,
        },
        body: JSON.stringify(superjson.serialize(input)),
      }),
      createContext: ({ req, resHeaders }) =>
        createTRPCContext({ headers: req.headers, resHeaders, services, security: { secureCookies: "auto" } }),
    });

  it("sets the cookie on the HTTP response and reports errors with data.domainCode", async () => {
    const ok = await post("auth.signIn", { email: "admin@example.com", password: PASSWORD });
    expect(ok.status).toBe(200);
    expect(ok.headers.getSetCookie()[0]).toMatch(/^parley_session=.+; HttpOnly; SameSite=Lax$/);

    for (let i = 0; i < 5; i++) {
      const bad = await post("auth.signIn", { email: "admin@example.com", password: "nope" });
      expect(bad.status).toBe(401);
      const body = (await bad.json()) as { error: { json: { data: { domainCode: string | null } } } };
      expect(body.error.json.data.domainCode).toBeNull();
    }
    const throttled = await post("auth.signIn", { email: "admin@example.com", password: PASSWORD });
    expect(throttled.status).toBe(429);
    const body = (await throttled.json()) as {
      error: { json: { message: string; data: { code: string; domainCode: string; retryAfterSeconds: number } } };
    };
    expect(body.error.json.data).toMatchObject({
      code: "TOO_MANY_REQUESTS",
      domainCode: "RATE_LIMITED",
      retryAfterSeconds: 900,
    });
  });

  it("answers a cross-site form post with 403 and no cookie", async () => {
    const res = await post(
      "auth.signIn",
      { email: "viewer@example.com", password: PASSWORD },
      { origin: "https://evil.example", "x-parley-csrf": "" },
    );
    expect(res.status).toBe(403);
    expect(res.headers.getSetCookie()).toEqual([]);
  });
});
