import { z } from "zod";
import { getDb } from "../db/client";
import { NOTIFY_LEVELS } from "./rules";

/**
 * Error messages are codes, not sentences: the page words them in the customer's
 * language (catalog keys preferences.errors.<code>).
 */
export const PREFERENCE_ERRORS = ["level", "enabled", "time", "sameTime"] as const;
export type PreferenceError = (typeof PREFERENCE_ERRORS)[number];

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** What the preferences form sends. Quiet hours are "HH:MM" in the customer's time zone. */
export const ZPreferences = z
  .object({
    emailLevel: z.enum(NOTIFY_LEVELS, { error: "level" satisfies PreferenceError }),
    smsLevel: z.enum(NOTIFY_LEVELS, { error: "level" satisfies PreferenceError }),
    quietHoursEnabled: z.boolean({ error: "enabled" satisfies PreferenceError }),
    // Checked only when quiet hours are on: switched off, the times do not matter.
    quietHoursStart: z.string({ error: "time" satisfies PreferenceError }).max(8, { error: "time" }),
    quietHoursEnd: z.string({ error: "time" satisfies PreferenceError }).max(8, { error: "time" }),
  })
  .superRefine((input, ctx) => {
    if (!input.quietHoursEnabled) {
      return;
    }
    const start = TIME.test(input.quietHoursStart);
    const end = TIME.test(input.quietHoursEnd);
    if (!start) {
      ctx.addIssue({ code: "custom", path: ["quietHoursStart"], message: "time" satisfies PreferenceError });
    }
    if (!end) {
      ctx.addIssue({ code: "custom", path: ["quietHoursEnd"], message: "time" satisfies PreferenceError });
    }
    // An empty window would hold nothing; the customer meant something else.
    if (start && end && input.quietHoursStart === input.quietHoursEnd) {
      ctx.addIssue({ code: "custom", path: ["quietHoursEnd"], message: "sameTime" satisfies PreferenceError });
    }
  });
export type TPreferences = z.infer<typeof ZPreferences>;
export type PreferenceField = keyof TPreferences;

/** Quiet hours as the form shows them when the customer has none: the schema's defaults. */
export const DEFAULT_QUIET_HOURS = { start: 21 * 60, end: 8 * 60 } as const;

/** "22:00" → 1320 (minutes after midnight). The input must already match HH:MM. */
export function timeToMinutes(time: string): number {
  const match = TIME.exec(time);
  if (!match) {
    throw new Error(`not a time: ${time}`);
  }
  return Number(match[1]) * 60 + Number(match[2]);
}

/** 1320 → "22:00", the value an <input type="time"> takes. */
export function minutesToTime(minutes: number): string {
  const m = ((Math.trunc(minutes) % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
}

export type FieldErrors = Partial<Record<PreferenceField, PreferenceError[]>>;

/** What a field's error is when the issue carries no code of ours (a wrong type, say). */
const FIELD_ERROR: Record<PreferenceField, PreferenceError> = {
  emailLevel: "level",
  smsLevel: "level",
  quietHoursEnabled: "enabled",
  quietHoursStart: "time",
  quietHoursEnd: "time",
};

/** The error codes per field, from a failed parse. */
export function preferenceFieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path[0];
    if (typeof field !== "string" || !(field in FIELD_ERROR)) {
      continue;
    }
    const name = field as PreferenceField;
    const code = (PREFERENCE_ERRORS as readonly string[]).includes(issue.message)
      ? (issue.message as PreferenceError)
      : FIELD_ERROR[name];
    const list = errors[name] ?? [];
    if (!list.includes(code)) {
      list.push(code);
    }
    errors[name] = list;
  }
  return errors;
}

export type UpdatePreferencesResult =
  | { ok: true; preferences: TPreferences }
  | { ok: false; code: "INVALID"; fieldErrors: FieldErrors }
  | { ok: false; code: "NOT_FOUND" };

/**
 * Saves a customer's notification preferences. The SMS opt-out is not touched: only
 * the customer's START reply lifts it (the carrier blocks our texts until then).
 */
export async function updatePreferences(customerId: string, input: unknown): Promise<UpdatePreferencesResult> {
  const parsed = ZPreferences.safeParse(input);
  if (!parsed.success) {
    return { ok: false, code: "INVALID", fieldErrors: preferenceFieldErrors(parsed.error) };
  }
  const p = parsed.data;
  const { count } = await getDb().customer.updateMany({
    where: { id: customerId },
    data: {
      emailLevel: p.emailLevel,
      smsLevel: p.smsLevel,
      quietHoursStart: p.quietHoursEnabled ? timeToMinutes(p.quietHoursStart) : null,
      quietHoursEnd: p.quietHoursEnabled ? timeToMinutes(p.quietHoursEnd) : null,
    },
  });
  if (count === 0) {
    return { ok: false, code: "NOT_FOUND" };
  }
  return { ok: true, preferences: p };
}
