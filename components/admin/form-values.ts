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

/** What an action answered: its data, or a refusal by the server (such as a role), or the input's field errors. */
export type ActionAnswer = { data?: unknown; serverError?: string; validationErrors?: unknown };

/**
 * The first field error of a rejected input, in words: the input's own, else its fields' in
 * order, also inside lists and records (such as one bad country code).
 */
export function firstFieldError(errors: unknown): string | undefined {
  if (!errors || typeof errors !== "object") {
    return undefined;
  }
  const own = (errors as { _errors?: string[] })._errors?.[0];
  if (own) {
    return own;
  }
  for (const [key, value] of Object.entries(errors as Record<string, unknown>)) {
    const nested = key === "_errors" ? undefined : firstFieldError(value);
    if (nested) {
      return nested;
    }
  }
  return undefined;
}

/**
 * Why an action did not succeed, in words: its own answer (`{ ok: false, message }`), the
 * server's refusal, the first invalid field, else `fallback`.
 */
export function refusalText(result: ActionAnswer, fallback: string): string {
  const data = result.data as { ok?: boolean; message?: unknown } | undefined;
  if (data?.ok === false && typeof data.message === "string") {
    return data.message;
  }
  return (
    result.serverError ??
    firstFieldError(result.validationErrors) ??
    (result.validationErrors ? "Some fields are invalid; check the form." : fallback)
  );
}
