// Edge validation: zod schemas for bodies and query strings, and the parse helper that turns a
// failure into 400 `{code: 1, error: "Invalid parameters: …"}`.
import { z } from "zod";
import { invalidParameters, malformedJson } from "./errors.js";

export function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalidParameters(result.error);
  return result.data;
}

/** A query-string integer ("12", "-3"). */
export const intParam = z
  .string()
  .regex(/^-?\d{1,16}$/, "expected an integer")
  .transform(Number);

/** A query-string boolean ("true"/"false", "1"/"0"). */
export const boolParam = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

/** A client id as the REST bodies carry it (core checks the app's own length limit). */
export const clientId = z.string().min(1).max(1024);

/** `client_ids` of member, silence and blacklist calls. */
export const ClientIdsBody = z.object({ client_ids: z.array(clientId).min(1).max(1000) });

/** `limit` + `next` of the silence and blacklist lists (§1.6: default 10). */
export const CursorPageQuery = z.object({
  limit: intParam.pipe(z.number().int().min(1).max(1000)).optional(),
  next: z.string().max(2100).optional(),
});

/** A `where` query parameter: JSON text of an object; bad JSON → 107 (§1.4). */
export function parseWhereParam(where: string | undefined): Record<string, unknown> {
  if (where === undefined || where.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(where);
  } catch {
    throw malformedJson("where");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw malformedJson("where");
  return value as Record<string, unknown>;
}

/** `push_data` / `push`: an object or JSON text (§6 item 16); core keeps it as text. */
export const pushPayload = z.union([z.string().max(64 * 1024), z.record(z.string(), z.json())]).transform((v) =>
  typeof v === "string" ? v : JSON.stringify(v),
);
