/** A form's answer to its last submit: what happened, and whether it worked. */
export type FormMessage = { text: string; ok: boolean } | null;

const tone = (message: FormMessage | FormFeedbackMessage) => (message?.ok ? "text-green-800" : "text-red-800");
const withTone = (className: string | undefined, message: FormMessage | FormFeedbackMessage) =>
  className ? `${className} ${tone(message)}` : tone(message);

/**
 * A form's answer in a live region that is on the page before the first answer, so that a
 * screen reader announces the text when it arrives: a failure as an alert, else a status.
 */
export function FormStatus({
  message,
  as: Tag = "p",
  id,
  className,
}: {
  message: FormMessage;
  /** `span` inside a line of fields */
  as?: "p" | "span";
  /** for the fields that the answer describes (`aria-describedby`) */
  id?: string;
  /** classes before the colour of the answer */
  className?: string;
}) {
  return (
    <Tag id={id} role={message && !message.ok ? "alert" : "status"} className={withTone(className, message)}>
      {message?.text ?? ""}
    </Tag>
  );
}

/** An answer of one or more lines (a refused template lists each problem). */
export type FormFeedbackMessage = { text: string | readonly string[]; ok: boolean } | null;

/**
 * A form's answer, added to the page once there is one: a failure as an alert, else a
 * status. Several lines are a paragraph each.
 */
export function FormFeedback({
  message,
  className,
  testId,
}: {
  message: FormFeedbackMessage;
  /** classes before the colour of the answer */
  className?: string;
  testId?: string;
}) {
  if (!message) {
    return null;
  }
  const role = message.ok ? "status" : "alert";
  if (typeof message.text === "string") {
    return (
      <p role={role} className={withTone(className, message)} data-testid={testId}>
        {message.text}
      </p>
    );
  }
  return (
    <div role={role} className={withTone(className, message)} data-testid={testId}>
      {message.text.map((line) => (
        <p key={line}>{line}</p>
      ))}
    </div>
  );
}
