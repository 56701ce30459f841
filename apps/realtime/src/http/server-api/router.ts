// A small path matcher for the route table: literal segments and ":name" parameters.
import type { HttpMethod, Route } from "./context.js";
import { HttpError } from "./errors.js";

export const API_PREFIX = "/1.2/rtm";

interface CompiledRoute {
  route: Route;
  segments: string[];
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

const split = (path: string) => path.split("/").filter((s) => s !== "");

export function createRouter(routes: readonly Route[]) {
  const compiled: CompiledRoute[] = routes.map((route) => ({ route, segments: split(API_PREFIX + route.path) }));

  /** The route for this method and path, or null when this API does not serve it. Bad %-escapes → 400. */
  return function match(method: string, pathname: string): RouteMatch | null {
    const parts = split(pathname);
    for (const { route, segments } of compiled) {
      if (route.method !== (method as HttpMethod) || segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < segments.length && ok; i++) {
        const segment = segments[i]!;
        const part = parts[i]!;
        if (segment.startsWith(":")) params[segment.slice(1)] = decode(part);
        else ok = segment === part;
      }
      if (ok) return { route, params };
    }
    return null;
  };
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new HttpError(400, 1, "Malformed URL escape in the path.");
  }
}
