/** Whether `value` is one of `allowed`: narrows a form field or query value to a code type. */
export function isOneOf<T extends string>(allowed: readonly T[], value: unknown): value is T {
  return typeof value === "string" && (allowed as readonly string[]).includes(value);
}

/**
 * A form field's (or query parameter's) value when it is one of `allowed`, else undefined
 * (an empty choice, or a value the page never offered). The action's schema still
 * validates what arrives.
 */
export function choiceOf<T extends string>(allowed: readonly T[], value: unknown): T | undefined {
  return isOneOf(allowed, value) ? value : undefined;
}

/** The fields' values that are among `allowed` (checkboxes sharing one name). */
export function choicesOf<T extends string>(allowed: readonly T[], values: FormDataEntryValue[]): T[] {
  return values.filter((value): value is T => isOneOf(allowed, value));
}

/**
 * A form's fields, as the user left them, sent to an action's `execute`. Every field must
 * be given and have its declared type, but a required choice may still be empty
 * (undefined): the action's schema is the judge of that and answers in words
 * ("Choose the reason customers see …"), so the form passes the gap on instead of
 * inventing a value.
 */
export function submitFields<I extends object>(
  execute: (input: I) => void,
  fields: NoInfer<{ [K in keyof Required<I>]: I[K] | undefined }>,
): void {
  execute(fields as I);
}
