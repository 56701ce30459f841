/**
 * Translates an ECMAScript pattern (as core hands it over: `\Q…\E` already
 * rewritten) into a PostgreSQL ARE with the same matching behaviour for the
 * constructs LeanCloud queries use:
 * - flags: no `m` → `(?p)` (`.` stops at newlines, `^`/`$` only at the ends),
 *   `m` → `(?n)` (also `^`/`$` at line breaks), `i` → case-insensitive;
 * - `\b`/`\B` (word boundary) → `\y`/`\Y`; `\xHH` → `\u00HH` (ARE's `\x` is greedy);
 *   `\/` → `/`; named groups `(?<n>…)` → `(…)` and `\k<n>` → the group number.
 * Lookahead, lookbehind, classes, quantifiers (greedy or lazy — irrelevant for a
 * match test) and back references read the same in both dialects. Anything
 * PostgreSQL rejects surfaces as an invalid-regular-expression error.
 */
export function toPostgresRegex(pattern: string, flags: string): string {
  const names = new Map<string, number>();
  // First pass: number the capture groups, so \k<name> can become \N.
  {
    let inClass = false;
    let n = 0;
    for (let i = 0; i < pattern.length; i++) {
      const ch = pattern[i];
      if (ch === "\\") {
        i++;
        continue;
      }
      if (inClass) {
        if (ch === "]") inClass = false;
        continue;
      }
      if (ch === "[") inClass = true;
      else if (ch === "(") {
        if (pattern[i + 1] !== "?") n++;
        else if (pattern[i + 2] === "<" && pattern[i + 3] !== "=" && pattern[i + 3] !== "!") {
          n++;
          const end = pattern.indexOf(">", i + 3);
          if (end > 0) names.set(pattern.slice(i + 3, end), n);
        }
      }
    }
  }

  let out = "";
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === "\\") {
      const next = pattern[i + 1];
      if (next === undefined) {
        out += "\\\\";
        break;
      }
      const hex2 = pattern.slice(i + 2, i + 4);
      if (next === "x" && /^[0-9a-fA-F]{2}$/.test(hex2)) {
        out += `\\u00${hex2}`;
        i += 3;
      } else if (!inClass && next === "b") {
        out += "\\y";
        i++;
      } else if (!inClass && next === "B") {
        out += "\\Y";
        i++;
      } else if (!inClass && next === "k" && pattern[i + 2] === "<") {
        const end = pattern.indexOf(">", i + 3);
        const index = end > 0 ? names.get(pattern.slice(i + 3, end)) : undefined;
        if (index !== undefined) {
          out += `\\${index}`;
          i = end;
        } else {
          out += "\\k";
          i++;
        }
      } else if (next === "/") {
        out += "/";
        i++;
      } else {
        out += ch + next;
        i++;
      }
      continue;
    }
    if (inClass) {
      if (ch === "]") inClass = false;
      out += ch;
      continue;
    }
    if (ch === "[") {
      inClass = true;
      out += ch;
      // ES "[]" never matches and "[^]" matches any character; in ARE a leading ']' is a literal.
      if (pattern.startsWith("]", i + 1)) {
        out = `${out.slice(0, -1)}(?!x)x`;
        inClass = false;
        i += 1;
      } else if (pattern.startsWith("^]", i + 1)) {
        out = `${out.slice(0, -1)}(?:.|\n)`;
        inClass = false;
        i += 2;
      }
      continue;
    }
    if (ch === "(" && pattern[i + 1] === "?" && pattern[i + 2] === "<" && pattern[i + 3] !== "=" && pattern[i + 3] !== "!") {
      const end = pattern.indexOf(">", i + 3);
      if (end > 0) {
        out += "(";
        i = end;
        continue;
      }
    }
    out += ch;
  }
  const options = (flags.includes("m") ? "n" : "p") + (flags.includes("i") ? "i" : "");
  return `(?${options})${out}`;
}
