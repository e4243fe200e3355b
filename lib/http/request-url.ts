/**
 * The path and query of a page request, set by proxy.ts (a client's own is replaced there):
 * where "try again" leads back to from /unavailable. Only ever used through safeNext().
 */
export const REQUEST_PATH_HEADER = "x-pt-request-path";

/** Unicode control characters (general category Cc: C0, DEL, C1). */
const CONTROL = /\p{Cc}/u;

/**
 * Why a request URL is refused before any route sees it, or null when it is fine: a control
 * character (NUL, line breaks, escape …) in the path or in a query name or value once
 * percent-decoded, or a path whose percent-encoding does not decode. No route takes such
 * input, and passed on it ends in a 500 far away (PostgreSQL refuses NUL in text, a
 * redirect refuses a line break in a header). One check in proxy.ts for every route.
 */
export function requestUrlProblem(pathname: string, search: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return "The address is not correctly percent-encoded.";
  }
  if (CONTROL.test(path)) {
    return "The address contains a control character.";
  }
  for (const [name, value] of new URLSearchParams(search)) {
    if (CONTROL.test(name) || CONTROL.test(value)) {
      return "The address contains a control character.";
    }
  }
  return null;
}
