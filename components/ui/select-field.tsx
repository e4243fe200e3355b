export interface SelectOption {
  value: string;
  label: string;
}

/** A labelled <select> for admin forms; the first option is the "none" choice. */
export function SelectField({
  label,
  name,
  options,
  empty,
  defaultValue = "",
  className = "flex flex-col text-sm",
}: {
  label: string;
  name: string;
  options: readonly (string | SelectOption)[];
  empty?: string;
  defaultValue?: string;
  className?: string;
}) {
  return (
    <label className={className}>
      {label}
      <select name={name} defaultValue={defaultValue} className="rounded border border-slate-400 px-2 py-1">
        {empty !== undefined ? <option value="">{empty}</option> : null}
        {options.map((o) => {
          const option = typeof o === "string" ? { value: o, label: o } : o;
          return (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          );
        })}
      </select>
    </label>
  );
}
