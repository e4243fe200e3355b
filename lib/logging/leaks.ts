import { redact } from "../notifications/redact";

/** Every customer's, sign-in user's and staff member's email address and phone number, as `value`. */
export const KNOWN_CONTACTS_SQL = `select email as value from customers where email is not null
  union select phone from customers where phone is not null
  union select email from auth_users where email is not null
  union select phone from auth_users where phone is not null
  union select email from staff_users`;

/**
 * The addresses and numbers from `known` that appear whole in `text` (a phone number also
 * without its `+`), each reported redacted: for checking a run's logs against the people in
 * its database (scripts/check-logs.ts).
 */
export function findLeaks(text: string, known: Iterable<string>): string[] {
  const haystack = text.toLowerCase();
  const found = new Set<string>();
  for (const value of known) {
    const needle = value.trim().toLowerCase();
    if (needle.length < 6) {
      continue;
    }
    const variants = needle.startsWith("+") ? [needle, needle.slice(1)] : [needle];
    if (variants.some((variant) => haystack.includes(variant))) {
      found.add(redact(value));
    }
  }
  return [...found].sort();
}
