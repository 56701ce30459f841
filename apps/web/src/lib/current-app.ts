/** Cookie that remembers the app the operator is working on (read by server components, set by the switcher). */
export const CURRENT_APP_COOKIE = "parley_app";
