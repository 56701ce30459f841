/** Set by proxy.ts on every request so server components can build a sign-in `next` link. */
export const PATHNAME_HEADER = "x-parley-pathname";
