import "server-only";
import { hasRole } from "../lib/roles";
import { recordAudit } from "./audit";
import type { RequestSecurityConfig } from "./auth/http";
import { AuditFilter, auditCsvHeader, auditCsvLine, listAuditPage } from "./queries/audit";
import type { Services } from "./services";
import { createTRPCContext } from "./trpc/init";

const PAGE = 1000;
const MAX_ROWS = 200_000;

const optionalDate = (v: string | null) => (v ? new Date(v) : undefined);

/** The filtered audit trail as CSV, streamed page by page (admins only; the export itself is audited). */
export async function auditCsvResponse(req: Request, services: Services, security: RequestSecurityConfig): Promise<Response> {
  const ctx = await createTRPCContext({ headers: req.headers, resHeaders: null, services, security });
  if (!ctx.operator) return new Response("Sign in required\n", { status: 401 });
  if (!hasRole(ctx.operator.role, "admin")) return new Response("Admins only\n", { status: 403 });

  const params = new URL(req.url).searchParams;
  const parsed = AuditFilter.safeParse({
    appId: params.get("appId") || undefined,
    operatorId: params.get("operatorId") || undefined,
    action: params.get("action") || undefined,
    conversationId: params.get("conversationId") || undefined,
    from: optionalDate(params.get("from")),
    to: optionalDate(params.get("to")),
  });
  if (!parsed.success) return new Response("Invalid filter\n", { status: 400 });
  const filter = parsed.data;
  const operator = ctx.operator;
  await recordAudit({ ...ctx, operator }, { action: "audit.export", appId: filter.appId ?? null, target: "audit" }, { after: { filter } });

  const { database } = ctx.services;
  const encoder = new TextEncoder();
  let cursor: string | null = null;
  let written = 0;
  let started = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        // BOM: spreadsheet apps then read UTF-8 (Chinese text) correctly.
        controller.enqueue(encoder.encode("\uFEFF" + auditCsvHeader()));
        return;
      }
      const page = await listAuditPage(database, filter, { cursor, limit: PAGE });
      controller.enqueue(encoder.encode(page.items.map(auditCsvLine).join("")));
      written += page.items.length;
      cursor = page.nextCursor;
      if (!cursor || written >= MAX_ROWS) controller.close();
    },
  });
  const stamp = new Date(ctx.services.now()).toISOString().slice(0, 19).replaceAll(":", "-");
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="parley-audit-${stamp}.csv"`,
      "cache-control": "no-store",
    },
  });
}
