import "server-only";
import { request as httpsRequest } from "node:https";
import { ConsoleError } from "../console-errors";

/**
 * A server-side client for the realtime service's LeanCloud-compatible server REST API
 * (`/1.2/rtm`, master-key auth): who is online, and kicking a client. The master key is
 * read from the database by the caller and only ever travels from this process to the
 * realtime service; nothing here is reachable from the browser.
 */

/** LeanCloud's limit on `client_ids` per check-online call. */
export const CHECK_ONLINE_BATCH = 20;
/** LeanCloud's limit on a kick's reason. */
export const KICK_REASON_MAX = 20;
/** Check-online calls in flight at once for one request. */
const CONCURRENCY = 4;

export interface RealtimeAppCredentials {
  appId: string;
  masterKey: string;
}

export interface RealtimeAdminClient {
  /** False when no internal URL is configured (every call then fails with REALTIME_NOT_CONFIGURED). */
  readonly configured: boolean;
  /** The subset of `clientIds` with at least one open session, asked in batches of 20. */
  onlineClientIds(app: RealtimeAppCredentials, clientIds: readonly string[]): Promise<string[]>;
  /** Closes every session of the client (the SDK sees `reason`). */
  kick(app: RealtimeAppCredentials, clientId: string, reason: string | null): Promise<void>;
}

export interface RealtimeAdminClientOptions {
  /** e.g. http://127.0.0.1:3100 (PARLEY_REALTIME_INTERNAL_URL); undefined = not configured. */
  baseUrl: string | undefined;
  /** Per request. Default 3 s: a page waits for this before it shows "unknown". */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * POST over https to this machine's realtime service without checking its certificate: with
 * REALTIME_TLS_CERT the launcher points the console at https://127.0.0.1, and the certificate
 * names the public host, not the loopback address. Only ever used for loopback URLs.
 */
const loopbackTlsFetch: typeof fetch = (input, init) =>
  new Promise<Response>((resolve, reject) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    const req = httpsRequest(
      url,
      { method: init?.method ?? "GET", headers: init?.headers as Record<string, string>, rejectUnauthorized: false, signal: init?.signal ?? undefined },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 502 })));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(typeof init?.body === "string" ? init.body : undefined);
  });

export function createRealtimeAdminClient(options: RealtimeAdminClientOptions): RealtimeAdminClient {
  const timeoutMs = options.timeoutMs ?? 3000;
  const base = options.baseUrl ? new URL(options.baseUrl.endsWith("/") ? options.baseUrl : `${options.baseUrl}/`) : null;
  const doFetch = options.fetch ?? (base?.protocol === "https:" && LOOPBACK.has(base.hostname) ? loopbackTlsFetch : fetch);

  async function post(app: RealtimeAppCredentials, path: string, body: unknown): Promise<unknown> {
    if (!base) throw new ConsoleError("REALTIME_NOT_CONFIGURED", "PARLEY_REALTIME_INTERNAL_URL is not set");
    let res: Response;
    try {
      res = await doFetch(new URL(`1.2/rtm/${path}`, base), {
        method: "POST",
        headers: { "X-LC-Id": app.appId, "X-LC-Key": `${app.masterKey},master`, "Content-Type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: "error",
        cache: "no-store",
      });
    } catch (e) {
      const timedOut = e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError");
      throw new ConsoleError("REALTIME_UNAVAILABLE", `realtime service unreachable: ${e instanceof Error ? e.message : String(e)}`, {
        reason: timedOut ? "timeout" : "unreachable",
      });
    }
    const text = await res.text().catch(() => "");
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      // Not JSON: reported below if the status is not a success either.
    }
    if (!res.ok) {
      const code = (json as { code?: unknown } | null)?.code;
      throw new ConsoleError("REALTIME_UNAVAILABLE", `realtime service answered ${res.status}`, {
        reason: "http_error",
        status: res.status,
        ...(typeof code === "number" && { code }),
      });
    }
    return json;
  }

  async function checkOnline(app: RealtimeAppCredentials, batch: string[]): Promise<string[]> {
    const json = await post(app, "clients/check-online", { client_ids: batch });
    const results = (json as { results?: unknown } | null)?.results;
    if (!Array.isArray(results) || !results.every((r) => typeof r === "string")) {
      throw new ConsoleError("REALTIME_UNAVAILABLE", "unexpected check-online answer", { reason: "bad_response" });
    }
    return results as string[];
  }

  return {
    configured: base !== null,

    async onlineClientIds(app, clientIds) {
      const unique = [...new Set(clientIds)];
      const batches: string[][] = [];
      for (let i = 0; i < unique.length; i += CHECK_ONLINE_BATCH) batches.push(unique.slice(i, i + CHECK_ONLINE_BATCH));
      const online = new Set<string>();
      for (let i = 0; i < batches.length; i += CONCURRENCY) {
        const answers = await Promise.all(batches.slice(i, i + CONCURRENCY).map((b) => checkOnline(app, b)));
        for (const id of answers.flat()) online.add(id);
      }
      // In the order asked, and only ids that were asked.
      return unique.filter((id) => online.has(id));
    },

    async kick(app, clientId, reason) {
      await post(app, `clients/${encodeURIComponent(clientId)}/kick`, reason ? { reason: reason.slice(0, KICK_REASON_MAX) } : {});
    },
  };
}
