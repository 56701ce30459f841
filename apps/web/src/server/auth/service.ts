import { DomainError, type OperatorRole } from "@parley/core";
import { ANONYMOUS_OPERATOR_ID } from "../../lib/anonymous";
import { passwordNeedsRehash, hashPassword, verifyDummyPassword, verifyPassword } from "./password";
import type { OperatorAccountStore, OperatorSessionStore, RunAuthTransaction, StoredOperatorSession } from "./ports";
import type { LoginThrottle, ThrottleRule } from "./throttle";
import { generateSessionToken, hashSessionToken, looksLikeSessionToken } from "./tokens";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface AuthPolicy {
  /** A session unused for this long is over (sliding). */
  idleTimeoutMs: number;
  /** A session is over this long after sign-in, however active. */
  absoluteTimeoutMs: number;
  /** lastSeenAt is written at most this often per session. */
  touchIntervalMs: number;
  /** Failed sign-ins allowed per (email, IP). */
  perEmailAndIp: ThrottleRule;
  /** Failed sign-ins allowed per IP across all emails (slows email spraying). */
  perIp: ThrottleRule;
  /** Expired sessions are swept at most this often (piggybacking on sign-ins). */
  sweepIntervalMs: number;
}

export const DEFAULT_AUTH_POLICY: AuthPolicy = {
  idleTimeoutMs: 12 * HOUR,
  absoluteTimeoutMs: 7 * 24 * HOUR,
  touchIntervalMs: MINUTE,
  perEmailAndIp: { max: 5, windowMs: 15 * MINUTE },
  perIp: { max: 50, windowMs: 15 * MINUTE },
  sweepIntervalMs: HOUR,
};

/** The signed-in operator as the console sees it (no credentials). */
export interface CurrentOperator {
  id: string;
  email: string;
  name: string;
  role: OperatorRole;
}

export interface CurrentSession {
  /** sha256 of the cookie's token: identifies the session without being replayable. */
  tokenHash: string;
  createdAt: Date;
  /** Absolute end of the session. */
  expiresAt: Date;
  /** When the session ends if it is not used again. */
  idleExpiresAt: Date;
}

export interface SignInInput {
  email: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
}

export type SignInResult =
  | { ok: true; token: string; operator: CurrentOperator; session: CurrentSession }
  | { ok: false; reason: "invalid_credentials" };

/**
 * Why a sign-in failed, as recorded in the audit log (`auth.signInFailed`, `after.reason`).
 * Never sent to the browser: every failure answers the same (see signIn).
 */
export type SignInFailureReason = "unknown_email" | "wrong_password" | "disabled" | "rate_limited";

export { ANONYMOUS_OPERATOR_ID };

export interface AuthService {
  readonly policy: AuthPolicy;
  /**
   * Unknown email, wrong password and disabled account all give the same
   * `invalid_credentials` after the same amount of Argon2 work. Throws
   * DomainError RATE_LIMITED (details.retryAfterSeconds) while throttled.
   * A success writes its session and its `auth.signIn` audit row in one transaction;
   * a failure writes an `auth.signInFailed` row with the reason (throttled attempts:
   * at most one row per email and address per throttle window).
   */
  signIn(input: SignInInput): Promise<SignInResult>;
  /** The operator behind a cookie token, or null when unknown, expired or disabled. Slides the idle expiry. */
  resolveSession(token: string): Promise<{ operator: CurrentOperator; session: CurrentSession } | null>;
  signOut(tokenHash: string): Promise<void>;
  /** Ends every session of the operator. Returns how many there were. */
  signOutEverywhere(operatorId: string): Promise<number>;
}

export interface AuthServiceDeps {
  operators: OperatorAccountStore;
  sessions: OperatorSessionStore;
  /** One transaction for a new session and its audit row. */
  transaction: RunAuthTransaction;
  /** Ids of audit rows (objectIds, as core makes them). */
  newId: () => string;
  throttle: LoginThrottle;
  /** Milliseconds since the epoch. */
  now: () => number;
  policy?: Partial<AuthPolicy>;
  /** Reports failures of background work (session sweeps, rehashing). */
  onBackgroundError?: (error: unknown) => void;
}

export function createAuthService(deps: AuthServiceDeps): AuthService {
  const policy: AuthPolicy = { ...DEFAULT_AUTH_POLICY, ...deps.policy };
  const report = deps.onBackgroundError ?? ((e: unknown) => console.error("[auth]", e));
  let lastSweep = 0;
  /** Throttle key → until when its throttled attempts are already in the audit log. */
  const throttleAudited = new Map<string, number>();

  const toCurrentSession = (s: StoredOperatorSession, lastSeenAt: Date): CurrentSession => ({
    tokenHash: s.tokenHash,
    createdAt: s.createdAt,
    expiresAt: s.expiresAt,
    idleExpiresAt: new Date(Math.min(s.expiresAt.getTime(), lastSeenAt.getTime() + policy.idleTimeoutMs)),
  });

  const sweep = async (now: number): Promise<void> => {
    if (now - lastSweep < policy.sweepIntervalMs) return;
    lastSweep = now;
    await deps.sessions.deleteExpired({ now: new Date(now), idleBefore: new Date(now - policy.idleTimeoutMs) });
  };

  return {
    policy,

    async signIn({ email, password, ip, userAgent }) {
      const normalizedEmail = email.trim().toLowerCase();
      const ipKey = `ip:${ip ?? "unknown"}`;
      const emailKey = `email+ip:${normalizedEmail}|${ip ?? "unknown"}`;
      const ua = userAgent?.slice(0, 512) ?? null;

      const audit = (at: number, entry: { operator: { id: string; role: OperatorRole } | null; action: string; after: Record<string, unknown> | null }) => ({
        id: deps.newId(),
        appId: null,
        operatorId: entry.operator?.id ?? ANONYMOUS_OPERATOR_ID,
        // The column needs a role; an anonymous attempt has the least one.
        role: entry.operator?.role ?? ("viewer" as const),
        action: entry.action,
        target: entry.operator ? `operator:${entry.operator.id}` : `email:${normalizedEmail.slice(0, 320)}`,
        before: null,
        after: entry.after,
        ip,
        userAgent: ua,
        at: new Date(at),
      });
      const recordFailure = (reason: SignInFailureReason, operatorId: string | null) =>
        deps.transaction((tx) =>
          tx.audit.append(
            audit(deps.now(), {
              operator: null,
              action: "auth.signInFailed",
              after: { email: normalizedEmail.slice(0, 320), reason, ...(operatorId && { operatorId }) },
            }),
          ),
        );

      const waitMs = Math.max(
        deps.throttle.retryAfterMs(emailKey, policy.perEmailAndIp),
        deps.throttle.retryAfterMs(ipKey, policy.perIp),
      );
      if (waitMs > 0) {
        const now = deps.now();
        if ((throttleAudited.get(emailKey) ?? 0) <= now) {
          throttleAudited.set(emailKey, now + waitMs);
          for (const [key, until] of throttleAudited) if (until <= now) throttleAudited.delete(key);
          await recordFailure("rate_limited", null);
        }
        throw new DomainError("RATE_LIMITED", "too many failed sign-ins", {
          retryAfterSeconds: Math.ceil(waitMs / 1000),
        });
      }

      const account = await deps.operators.findByEmailWithCredentials(normalizedEmail);
      let valid = false;
      if (account) valid = await verifyPassword(account.passwordHash, password);
      else await verifyDummyPassword(password);

      if (!account || !valid || account.disabled) {
        deps.throttle.recordFailure(emailKey, policy.perEmailAndIp);
        deps.throttle.recordFailure(ipKey, policy.perIp);
        await recordFailure(!account ? "unknown_email" : !valid ? "wrong_password" : "disabled", account?.id ?? null);
        return { ok: false, reason: "invalid_credentials" };
      }
      deps.throttle.reset(emailKey);

      if (passwordNeedsRehash(account.passwordHash)) {
        await hashPassword(password)
          .then((h) => deps.operators.updatePasswordHash(account.id, h))
          .catch(report);
      }

      const now = deps.now();
      const token = generateSessionToken();
      const stored = await deps.transaction(async (tx) => {
        const session = await tx.sessions.create({
          tokenHash: hashSessionToken(token),
          operatorId: account.id,
          createdAt: new Date(now),
          expiresAt: new Date(now + policy.absoluteTimeoutMs),
          ip,
          userAgent: ua,
        });
        await tx.audit.append(audit(now, { operator: account, action: "auth.signIn", after: null }));
        return session;
      });
      await sweep(now).catch(report);

      return {
        ok: true,
        token,
        operator: { id: account.id, email: account.email, name: account.name, role: account.role },
        session: toCurrentSession(stored, new Date(now)),
      };
    },

    async resolveSession(token) {
      if (!looksLikeSessionToken(token)) return null;
      const tokenHash = hashSessionToken(token);
      const found = await deps.sessions.findWithOperator(tokenHash);
      if (!found) return null;
      const { session, operator } = found;
      const now = deps.now();
      const idle = now - session.lastSeenAt.getTime() >= policy.idleTimeoutMs;
      const expired = now >= session.expiresAt.getTime();
      if (idle || expired || operator.disabled) {
        await deps.sessions.delete(tokenHash);
        return null;
      }
      let lastSeenAt = session.lastSeenAt;
      if (now - lastSeenAt.getTime() >= policy.touchIntervalMs) {
        lastSeenAt = new Date(now);
        await deps.sessions.touch(tokenHash, lastSeenAt);
      }
      return {
        operator: { id: operator.id, email: operator.email, name: operator.name, role: operator.role },
        session: toCurrentSession(session, lastSeenAt),
      };
    },

    async signOut(tokenHash) {
      await deps.sessions.delete(tokenHash);
    },

    signOutEverywhere(operatorId) {
      return deps.sessions.deleteAllForOperator(operatorId);
    },
  };
}
