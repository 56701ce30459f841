import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditCsvResponse } from "../../audit-export";
import { csvField } from "../../queries/audit";
import { createRouterTestKit, errorOf, expectOneAudit, HOST, PASSWORD, seedApp, type RouterTestKit } from "../test-kit";
import { createCaller } from "../root";
import { createTRPCContext } from "../init";

let kit: RouterTestKit;
let convId: string;

beforeAll(async () => {
  kit = await createRouterTestKit();
  await seedApp(kit, "app1");
  convId = (await kit.as("moderator").conversation.create({ appId: "app1", kind: "normal", name: "Audited", members: ["a", "b"] })).id;
  await kit.as("moderator").conversation.update({ appId: "app1", conversationId: convId, attributes: { x: 1 } });
  await kit.as("admin").conversation.silence.add({ appId: "app1", conversationId: convId, clientIds: ["a"], reason: "=cmd()" });
});
afterAll(() => kit?.dispose());

describe("audit.list", () => {
  it("is for moderators and admins", async () => {
    expect((await errorOf(kit.anonymous().audit.list({}))).code).toBe("UNAUTHORIZED");
    expect((await errorOf(kit.as("viewer").audit.list({}))).code).toBe("FORBIDDEN");
    const r = await kit.as("moderator").audit.list({});
    expect(r.items.map((i) => i.action)).toEqual(["member.silence", "conversation.update", "conversation.create"]);
    expect(r.items[0]).toMatchObject({ operatorName: "The admin", role: "admin", conversationId: convId, appId: "app1" });
  });

  it("filters by operator, action (or prefix), conversation and time, and pages by keyset", async () => {
    const list = (filter: object) => kit.as("admin").audit.list({ filter }).then((r) => r.items.map((i) => i.action));
    expect(await list({ operatorId: kit.operatorIds.admin })).toEqual(["member.silence"]);
    expect(await list({ action: "conversation." })).toEqual(["conversation.update", "conversation.create"]);
    expect(await list({ action: "conversation.update" })).toEqual(["conversation.update"]);
    expect(await list({ conversationId: convId })).toEqual(["member.silence", "conversation.update"]);
    expect(await list({ to: new Date(0) })).toEqual([]);
    const first = await kit.as("admin").audit.list({ limit: 2 });
    const second = await kit.as("admin").audit.list({ limit: 2, cursor: first.nextCursor });
    expect([...first.items, ...second.items].map((i) => i.action)).toEqual(["member.silence", "conversation.update", "conversation.create"]);
    expect(second.nextCursor).toBeNull();
  });

  it("records sign-in and sign-out", async () => {
    const n = await kit.auditCount();
    const resHeaders = new Headers();
    const headers = new Headers({ host: HOST, origin: `http://${HOST}`, "x-parley-csrf": "1", "user-agent": "vitest", "x-forwarded-for": "198.51.100.7" });
    const c = createCaller(() => createTRPCContext({ headers, resHeaders, services: kit.services, security: { secureCookies: "auto" } }));
    await c.auth.signIn({ email: "viewer@example.com", password: PASSWORD });
    await expectOneAudit(kit, n, "auth.signIn");
    headers.set("cookie", resHeaders.getSetCookie()[0]!.split(";")[0]!);
    await c.auth.signOut();
    await expectOneAudit(kit, n + 1, "auth.signOut");
  });
});

describe("CSV export", () => {
  const get = (cookieRole: "admin" | "moderator" | null, query = "") => {
    const headers = new Headers({ host: HOST, "user-agent": "vitest", "x-forwarded-for": "198.51.100.7" });
    return { headers, role: cookieRole, url: `http://${HOST}/api/audit-log/export${query}` };
  };

  it("is for admins only and is itself audited", async () => {
    const anonymous = get(null);
    expect((await auditCsvResponse(new Request(anonymous.url, { headers: anonymous.headers }), kit.services, { secureCookies: "auto" })).status).toBe(401);

    const cookieOf = async (role: "admin" | "moderator") => {
      const resHeaders = new Headers();
      const c = createCaller(() =>
        createTRPCContext({ headers: new Headers({ host: HOST, origin: `http://${HOST}`, "x-parley-csrf": "1" }), resHeaders, services: kit.services, security: { secureCookies: "auto" } }),
      );
      await c.auth.signIn({ email: `${role}@example.com`, password: PASSWORD });
      return resHeaders.getSetCookie()[0]!.split(";")[0]!;
    };
    const mod = get("moderator");
    mod.headers.set("cookie", await cookieOf("moderator"));
    expect((await auditCsvResponse(new Request(mod.url, { headers: mod.headers }), kit.services, { secureCookies: "auto" })).status).toBe(403);

    const admin = get("admin", `?conversationId=${convId}`);
    admin.headers.set("cookie", await cookieOf("admin"));
    const n = await kit.auditCount();
    const res = await auditCsvResponse(new Request(admin.url, { headers: admin.headers }), kit.services, { secureCookies: "auto" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const bytes = new Uint8Array(await res.clone().arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = await res.text();
    const lines = text.trim().split("\r\n");
    expect(lines[0]).toBe("at,operator,role,action,app,conversation,target,before,after,ip,user_agent");
    expect(lines.slice(1).map((l) => l.split(",")[3])).toEqual(["member.silence", "conversation.update"]);
    expect(text).toContain('""reason"":""=cmd()""');
    await expectOneAudit(kit, n, "audit.export");
  });

  it("quotes fields and defuses formulas", () => {
    expect(csvField('a,"b"')).toBe('"a,""b"""');
    expect(csvField("=1+1")).toBe("'=1+1");
    expect(csvField("中文")).toBe("中文");
  });
});
