import { DomainError } from "../errors.js";

const MAX_PATTERN_LENGTH = 1024;

/** Escapes one character for a regex literal: only non-alphanumerics (PostgreSQL reads `\<alnum>` as a class escape). */
const escapeChar = (ch: string): string => (/[\\^$.|?*+()[\]{}/-]/.test(ch) ? `\\${ch}` : ch);

/**
 * Rewrites Java/PCRE `\Q…\E` literal quoting (what the SDK's `contains`, `startsWith` and
 * `endsWith` emit) into an escaped literal that ECMAScript and PostgreSQL both read.
 * An unterminated `\Q` quotes to the end. Other escapes are copied as they are.
 *
 * `\Qa.b\E\\E\Qc\E` (the SDK's quoting of `a.b\Ec`) → `a\.b\\Ec`.
 */
export function translateQuotedLiterals(pattern: string): string {
  let out = "";
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i]!;
    if (ch !== "\\") {
      out += ch;
      i++;
      continue;
    }
    const next = pattern[i + 1];
    if (next === undefined) {
      out += ch; // trailing backslash: left for the compiler to reject
      i++;
      continue;
    }
    if (next !== "Q") {
      out += ch + next;
      i += 2;
      continue;
    }
    // \Q … \E
    i += 2;
    const end = pattern.indexOf("\\E", i);
    const literal = end === -1 ? pattern.slice(i) : pattern.slice(i, end);
    for (const c of literal) out += escapeChar(c);
    i = end === -1 ? pattern.length : end + 2;
  }
  return out;
}

export type RegexFlags = "" | "i" | "m" | "im";

/**
 * A `$regex` (+ `$options`) from a `where`, made safe for the AST: `\Q…\E` translated,
 * options limited to i and m, must compile, no named groups (PostgreSQL has none).
 */
export function parseRegex(pattern: unknown, options: unknown): { pattern: string; flags: RegexFlags } {
  if (typeof pattern !== "string") throw invalid("$regex must be a string");
  if (pattern.length > MAX_PATTERN_LENGTH) throw invalid("$regex too long");
  let flags = "";
  if (options !== undefined) {
    if (typeof options !== "string" || !/^[im]*$/.test(options)) throw invalid("$options may only contain i and m");
    if (options.includes("i")) flags += "i";
    if (options.includes("m")) flags += "m";
  }
  const translated = translateQuotedLiterals(pattern);
  if (/\(\?<(?![=!])/.test(translated) || /\\k</.test(translated)) throw invalid("named groups are not supported in $regex");
  try {
    new RegExp(translated, flags);
  } catch {
    throw invalid("$regex does not compile");
  }
  return { pattern: translated, flags: flags as RegexFlags };
}

const invalid = (message: string) => new DomainError("CONVERSATION_QUERY_INVALID", message);
