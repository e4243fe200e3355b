/** A path inside the app to return to after signing in ("/payouts/PT-…"); anything else (other sites, "//host") is dropped. */
export function safeNext(value: unknown): string | undefined {
  return typeof value === "string" && value.length <= 300 && /^\/(?!\/)[^\s\\]*$/.test(value) ? value : undefined;
}
