// Who is opening this session? Applies protocol 4.5: app, origin, client id, then either the
// session token (reconnect) or the login signature (first login, when the app requires one).
import { randomUUID } from "node:crypto";
import { ConnectionCloseError, WireError } from "../protocol/errors.js";
import type { AppRecord } from "../ports-local.js";
import type { HandlerContext } from "../handlers/types.js";
import { validateClientId } from "./client-id.js";
import { verifyLoginSignature } from "./login-signature.js";
import { isOriginAllowed } from "./origin.js";

export type OpenAuthentication =
  | {
      kind: "accepted";
      app: AppRecord;
      clientId: string;
      tag: string | null;
      deviceId: string | null;
      reconnect: boolean;
    }
  /** Reconnect with a token revoked because another device took the tag over. */
  | { kind: "conflict"; app: AppRecord; clientId: string };

export async function authenticateOpen({ connection, command, services }: HandlerContext): Promise<OpenAuthentication> {
  const appId = command.appId ?? connection.appId;
  const app = appId ? await services.apps.getApp(appId) : null;
  if (!app) throw new ConnectionCloseError("APP_NOT_AVAILABLE", `unknown app ${appId ?? "(none)"}`);
  if (connection.appId !== undefined && connection.appId !== app.id) {
    throw new WireError("APP_NOT_AVAILABLE", { detail: "this connection belongs to another app" });
  }
  if (!isOriginAllowed(connection.transport.origin, app.settings.originAllowList)) {
    throw new ConnectionCloseError("INVALID_ORIGIN", `origin ${connection.transport.origin} not allowed`);
  }

  const sm = command.sessionMessage ?? {};
  const requiresSignature = app.settings.signatures.login;
  // createIMClient() without an id: the server picks one (it cannot be signed for).
  const clientId = command.peerId ?? (requiresSignature ? undefined : randomUUID().replaceAll("-", ""));
  if (clientId === undefined) throw new WireError("SIGNATURE_FAILED", { detail: "a client id is required" });
  const invalid = validateClientId(clientId, app.settings.limits.clientIdMaxLength);
  if (invalid) throw new WireError("INVALID_LOGIN", { detail: invalid });

  const reconnect = sm.r === true;
  if (reconnect && sm.st) {
    const verified = await services.sessionTokens.verify(app.id, clientId, sm.st);
    // Only an open that carried a token may get 4112: the SDK retries every 4112 without one.
    if (!verified) throw new WireError("SESSION_TOKEN_EXPIRED");
    if (verified.status === "conflict") return { kind: "conflict", app, clientId };
    return { kind: "accepted", app, clientId, tag: verified.tag, deviceId: verified.deviceId, reconnect };
  }

  if (requiresSignature) {
    const result = verifyLoginSignature({
      appId: app.id,
      clientId,
      timestamp: sm.t,
      nonce: sm.n,
      signature: sm.s,
      masterKey: app.masterKey,
      now: services.now(),
    });
    if (!result.ok) throw new WireError("SIGNATURE_FAILED", { detail: result.detail });
  }
  // Reconnect opens carry no tag/deviceId; first logins do.
  return {
    kind: "accepted",
    app,
    clientId,
    tag: reconnect ? null : (sm.tag ?? null),
    deviceId: reconnect ? null : (sm.deviceId ?? null),
    reconnect,
  };
}
