/**
 * A post-sign-in destination taken from the URL: only a path on this site.
 * Anything else ("//evil.example", "https://…", "/\\evil") falls back to "/".
 */
export function safeNextPath(value: string | string[] | null | undefined): string {
  const candidate = Array.isArray(value) ? value[0] : value;
  if (!candidate || !candidate.startsWith("/") || candidate.startsWith("//") || candidate.startsWith("/\\")) return "/";
  if (candidate.startsWith("/sign-in") || candidate.startsWith("/api/")) return "/";
  return candidate;
}
