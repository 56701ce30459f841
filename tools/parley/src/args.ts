/** Argument parsing for `pnpm parley`, kept apart from cli.ts (which runs on import) so it can be tested. */

export const SIGNATURES = ["login", "conversation", "blacklist", "history"] as const;

export class UsageError extends Error {}

export function parseSignatures(value: string): Record<(typeof SIGNATURES)[number], boolean> {
  const wanted = value === "none" ? [] : value.split(",").map((s) => s.trim()).filter(Boolean);
  for (const w of wanted) {
    if (!(SIGNATURES as readonly string[]).includes(w)) {
      throw new UsageError(`--require-signature: unknown "${w}" (use ${SIGNATURES.join(", ")} or none)`);
    }
  }
  return Object.fromEntries(SIGNATURES.map((s) => [s, wanted.includes(s)])) as Record<(typeof SIGNATURES)[number], boolean>;
}

/** `a.b.c=value` → {a:{b:{c:value}}}; value parsed as JSON when it is JSON, else kept as text. */
export function parseSettings(pairs: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new UsageError(`--setting "${pair}": expected path=value`);
    const path = pair.slice(0, eq).split(".");
    let value: unknown = pair.slice(eq + 1);
    try {
      value = JSON.parse(value as string);
    } catch {
      /* plain text */
    }
    let node = out;
    path.slice(0, -1).forEach((k) => {
      node = (node[k] ??= {}) as Record<string, unknown>;
    });
    node[path[path.length - 1]!] = value;
  }
  return out;
}

