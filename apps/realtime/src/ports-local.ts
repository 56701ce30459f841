// Narrow ports the realtime server needs before @parley/core provides them.
// In-memory implementations live in src/testing/. The composition root (main.ts) will swap
// them for PostgreSQL-backed ones; createRealtimeServer only sees these interfaces.

export interface AppSettings {
  signatures: {
    /** Require a login signature (HMAC-SHA1 with the master key) on first-login session/open. */
    login: boolean;
  };
  limits: {
    /** Longest accepted client id, in characters. LeanCloud documents 64. */
    clientIdMaxLength: number;
    /** Lifetime of issued session tokens (`stTtl`), seconds. Default 86400. */
    sessionTokenTtlSeconds?: number;
    /** At most this many ids of a session/query are checked. Default 20. */
    onlineQueryMaxIds?: number;
  };
  /**
   * Allowed browser origins ("https://chat.example.com", "chat.example.com" or
   * "*.example.com"). Empty = any origin. Requests without an Origin header are allowed.
   */
  originAllowList: string[];
}

export interface AppRecord {
  id: string;
  key: string;
  masterKey: string;
  settings: AppSettings;
}

export interface AppDirectory {
  getApp(appId: string): Promise<AppRecord | null>;
}

export interface IssueSessionTokenInput {
  appId: string;
  clientId: string;
  tag: string | null;
  deviceId: string | null;
  ttlSeconds: number;
}

export interface SessionTokenClaims {
  tag: string | null;
  deviceId: string | null;
}

export type SessionTokenRevocation = "logout" | "conflict";

export type SessionTokenVerification =
  | ({ status: "valid" } & SessionTokenClaims)
  /** Revoked by a tag conflict (another device took over): the reconnect must get 4111. */
  | { status: "conflict" };

export interface SessionTokenStore {
  /**
   * Issues a token for a freshly opened session. When `tag` is set, every other live token
   * of the same (appId, clientId, tag) with a different deviceId becomes revoked with reason
   * "conflict" (single-device login: the old device must not silently reconnect).
   */
  issue(input: IssueSessionTokenInput): Promise<string>;
  /** null when the token is unknown, expired, belongs to another client, or was logged out. */
  verify(appId: string, clientId: string, token: string): Promise<SessionTokenVerification | null>;
  revoke(token: string, reason?: SessionTokenRevocation): Promise<void>;
}
