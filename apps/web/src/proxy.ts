import { NextResponse, type NextRequest } from "next/server";
import { PATHNAME_HEADER } from "./lib/request-path";
import { PLAIN_SESSION_COOKIE, SECURE_SESSION_COOKIE } from "./server/auth/http";

/**
 * An optimistic check only: without any session cookie, console pages go
 * straight to sign-in (keeping the destination). Whether a cookie is valid is
 * decided by the console layout and, authoritatively, by every tRPC procedure.
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const hasSessionCookie = request.cookies.has(SECURE_SESSION_COOKIE) || request.cookies.has(PLAIN_SESSION_COOKIE);

  if (!hasSessionCookie && !pathname.startsWith("/sign-in")) {
    const url = request.nextUrl.clone();
    url.pathname = "/sign-in";
    url.search = "";
    if (pathname !== "/") url.searchParams.set("next", pathname + search);
    return NextResponse.redirect(url);
  }

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set(PATHNAME_HEADER, pathname + search);
  return NextResponse.next({ request: { headers: requestHeaders } });
}

export const config = {
  // Pages only: not the API, Next's assets or metadata files.
  matcher: ["/((?!api/|_next/|favicon\\.ico|icon\\.svg|robots\\.txt).*)"],
};
