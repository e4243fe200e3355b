import type { InputHTMLAttributes, ReactNode } from "react";

/**
 * A labelled input for admin forms: the label's words above the field, the field inside the
 * label (so it needs no id to be named). Every other prop goes to the input.
 */
export function TextField({
  label,
  className = "flex flex-col",
  width,
  ...input
}: {
  label: ReactNode;
  /** the label's classes */
  className?: string;
  /** the input's size classes, before its border and padding */
  width?: string;
} & Omit<InputHTMLAttributes<HTMLInputElement>, "className">) {
  return (
    <label className={className}>
      {label}
      <input {...input} className={`${width ? `${width} ` : ""}rounded border border-slate-400 px-2 py-1`} />
    </label>
  );
}
