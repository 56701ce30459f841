import { auditCsvResponse } from "~/server/audit-export";
import { securityConfig, services } from "~/server/config";

export const dynamic = "force-dynamic";

/** GET /api/audit-log/export?operatorId&action&conversationId&appId&from&to → CSV (admins only). */
export const GET = (req: Request): Promise<Response> => auditCsvResponse(req, services(), securityConfig());
