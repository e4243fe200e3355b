"use client";

import { type ReactNode, useEffect, useState } from "react";

/** The console's main button, and the one beside it for the other choice. */
export const PRIMARY_BUTTON = "rounded bg-slate-900 px-3 py-1.5 font-medium text-white";
export const SECONDARY_BUTTON = "rounded border border-slate-500 px-3 py-1.5";

/** Whether React has hydrated this component: before that, no event handler is attached. */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

type ButtonProps = {
  /** the action the button starts is running */
  pending: boolean;
  /** the form's own reason to refuse (nothing to clear, a confirmation not typed yet) */
  disabled?: boolean;
  className: string;
  children: ReactNode;
};

/**
 * A form's submit button. It waits for hydration (until then a click would send the form
 * natively, with its fields in the address, instead of through its action) and for the
 * action in flight.
 */
export function SubmitButton({
  pending,
  disabled = false,
  className,
  name,
  value,
  children,
}: ButtonProps & {
  /** with `value`: which of a form's buttons was pressed */
  name?: string;
  value?: string;
}) {
  const hydrated = useHydrated();
  return (
    <button type="submit" name={name} value={value} disabled={!hydrated || pending || disabled} className={className}>
      {children}
    </button>
  );
}

/** A button that starts an action by itself (no form to submit), while none is in flight. */
export function ActionButton({
  pending,
  disabled = false,
  className,
  onClick,
  label,
  children,
}: ButtonProps & {
  onClick: () => void;
  /** the accessible name, when the words alone do not say which row the button changes */
  label?: string;
}) {
  return (
    <button type="button" disabled={pending || disabled} onClick={onClick} className={className} aria-label={label}>
      {children}
    </button>
  );
}
