// Per-app browser Origin allow-list. Entries: full origin ("https://chat.example.com"),
// bare host ("chat.example.com", any scheme/port) or wildcard host ("*.example.com").

export function isOriginAllowed(origin: string | undefined, allowList: readonly string[]): boolean {
  if (allowList.length === 0 || origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  const host = url.hostname.toLowerCase();
  return allowList.some((raw) => {
    const entry = raw.trim().toLowerCase();
    if (entry === "*") return true;
    if (entry.includes("://")) return entry.replace(/\/+$/, "") === url.origin.toLowerCase();
    if (entry.startsWith("*.")) return host.endsWith(entry.slice(1)) && host.length > entry.length - 1;
    return host === entry;
  });
}
