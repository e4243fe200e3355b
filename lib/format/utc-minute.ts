import { z } from "zod";

/**
 * A console form's time in UTC to the minute, as `<input type="datetime-local">` sends it
 * ("2026-11-25T17:00"), as a Date. With a `label` the messages name the field
 * ("Start: enter a date and time (UTC).").
 */
export function ZUtcMinute(label?: string) {
  const say = (text: string) => (label ? `${label}: ${text}` : `${text.charAt(0).toUpperCase()}${text.slice(1)}`);
  return z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, say("enter a date and time (UTC)."))
    .transform((value) => new Date(`${value}:00Z`))
    .refine((date) => !Number.isNaN(date.getTime()), say("enter a real date and time (UTC)."));
}
