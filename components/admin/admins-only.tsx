import type { ReactNode } from "react";

/** What a page for admins shows a support agent instead: its heading and why there is nothing more. */
export function AdminsOnly({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{title}</h1>
      <p role="alert">{children}</p>
    </div>
  );
}
