// Where a customer acts on a stopped payout (ACTION_REQUIRED, ON_HOLD, FAILED, RETURNED,
// CANCELED): a link the platform sends with an event (`payout.action_url`) or an admin's
// default per stage and reason (/admin/actions). Both end up as a button in the page, the
// email and the SMS, so both pass the same rules here. Pure: used by the ingest API, the
// admin form (also in the browser, for its live preview) and customerGuidance.

/** The longest link accepted, in UTF-8 bytes (a link in an SMS or email should be far shorter). */
export const MAX_ACTION_URL_BYTES = 2048;

/** One DNS name: labels of letters, digits and hyphens, not starting or ending with a hyphen. */
const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/**
 * ACTION_URL_HOSTS: comma-separated host names ("app.example.com, help.example.com"), exact
 * matches only (no wildcards, no ports, no schemes). Returns the problem with the first bad
 * entry, or the lower-cased list.
 */
export function parseHostList(value: string): { ok: true; hosts: string[] } | { ok: false; message: string } {
  const hosts: string[] = [];
  for (const raw of value.split(",")) {
    const host = raw.trim().toLowerCase();
    if (host === "") {
      continue;
    }
    if (!HOST.test(host)) {
      return {
        ok: false,
        message: `"${host.slice(0, 80)}" is not a host name (give names such as app.example.com, comma-separated, without https:// or a port)`,
      };
    }
    hosts.push(host);
  }
  return { ok: true, hosts };
}

/**
 * The problem with a link the customer is sent to, or null when it may be shown: an
 * absolute https URL, at most 2 KiB, with no user name or password in it, on one of
 * `hosts`. With `hosts` empty, no link is accepted.
 */
export function actionUrlProblem(url: string, hosts: readonly string[]): string | null {
  const shape = actionUrlShapeProblem(url);
  if (shape) {
    return shape;
  }
  const host = new URL(url).hostname;
  if (hosts.length === 0) {
    return "no action links are accepted: ACTION_URL_HOSTS is not configured on this server";
  }
  if (!hosts.includes(host)) {
    return `the host ${host.slice(0, 253)} is not one of ACTION_URL_HOSTS (${hosts.join(", ")})`;
  }
  return null;
}

/** The rules that need no configuration (the ingest schema checks these). */
export function actionUrlShapeProblem(url: string): string | null {
  if (new TextEncoder().encode(url).length > MAX_ACTION_URL_BYTES) {
    return `must be at most ${MAX_ACTION_URL_BYTES} bytes`;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "must be an absolute URL such as https://app.example.com/payouts/po_123";
  }
  if (parsed.protocol !== "https:") {
    return "must be an https:// URL";
  }
  if (parsed.username !== "" || parsed.password !== "") {
    return "must not contain a user name or password";
  }
  // Control characters and spaces: the URL parser percent-encodes some and drops others, so
  // what the customer would open is not what was sent.
  if (/[\p{Cc}\s]/u.test(url)) {
    return "must not contain spaces or control characters";
  }
  return null;
}

/** The placeholders an admin's default link may use. */
export const ACTION_URL_PLACEHOLDERS = ["reference", "external_id"] as const;

export interface ActionUrlValues {
  reference: string;
  externalId: string;
}

/** An admin's link with `{reference}` and `{external_id}` filled in, URL-encoded. */
export function fillActionUrl(template: string, values: ActionUrlValues): string {
  return template
    .replaceAll("{reference}", encodeURIComponent(values.reference))
    .replaceAll("{external_id}", encodeURIComponent(values.externalId));
}

/** The values an admin's link is checked and previewed with. */
export const SAMPLE_ACTION_VALUES: ActionUrlValues = { reference: "PT-7K3M9Q2X", externalId: "po_123" };

/**
 * The problem with an admin's default link, or null: only known placeholders, and filled in
 * (with sample values) an https URL on ACTION_URL_HOSTS or the app's own host.
 */
export function actionTemplateProblem(
  template: string,
  hosts: readonly string[],
  appHost: string | null,
): string | null {
  const unknown = [...template.matchAll(/\{([^{}]*)\}/g)]
    .map((m) => m[1] as string)
    .find((name) => !(ACTION_URL_PLACEHOLDERS as readonly string[]).includes(name));
  if (unknown !== undefined) {
    return `unknown placeholder {${unknown.slice(0, 40)}}: use {reference} or {external_id}`;
  }
  if (/[{}]/.test(template.replace(/\{(reference|external_id)\}/g, ""))) {
    return "a brace that is not part of {reference} or {external_id}";
  }
  const allowed = appHost && !hosts.includes(appHost) ? [...hosts, appHost] : hosts;
  const problem = actionUrlProblem(fillActionUrl(template, SAMPLE_ACTION_VALUES), allowed);
  if (problem && allowed.length === 0) {
    return "no host is allowed: set ACTION_URL_HOSTS (or APP_URL for links into this app)";
  }
  return problem;
}
