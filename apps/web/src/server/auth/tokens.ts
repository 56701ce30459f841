import { createHash, randomBytes } from "node:crypto";

/** 256 bits from the CSPRNG, base64url: the value that goes in the cookie. */
export const generateSessionToken = (): string => randomBytes(32).toString("base64url");

/** What the database stores: a leaked table cannot be replayed as cookies. */
export const hashSessionToken = (token: string): string => createHash("sha256").update(token, "utf8").digest("hex");

/** Cheap shape check before touching the database. */
export const looksLikeSessionToken = (value: string): boolean => /^[A-Za-z0-9_-]{43}$/.test(value);
