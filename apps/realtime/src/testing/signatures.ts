// Signatures as an app's signature factory computes them (test helpers; core verifies them).
import { createHmac } from "node:crypto";

const hmac = (key: string, text: string) => createHmac("sha1", key).update(text).digest("hex");

/** Login: hex HMAC-SHA1(masterKey, "<appId>:<clientId>::<t>:<n>"). */
export function signLogin(masterKey: string, appId: string, clientId: string, timestamp: number, nonce: string): string {
  return hmac(masterKey, `${appId}:${clientId}::${timestamp}:${nonce}`);
}

/** Conversation and blacklist actions: "<appId>:<clientId>:<cid>:<sorted ids>:<t>:<n>:<action>". */
export function signAction(masterKey: string, fields: { appId: string; clientId: string; conversationId: string; clientIds: string[] }, timestamp: number, nonce: string, action: string): string {
  const ids = [...fields.clientIds].sort().join(":");
  return hmac(masterKey, [fields.appId, fields.clientId, fields.conversationId, ids, timestamp, nonce, action].join(":"));
}
