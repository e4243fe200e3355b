import Link from "next/link";
import type { ReactNode } from "react";

// Access is checked by each page and action, not here: actions and APIs bypass layouts.
export default function AdminLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <header className="border-b border-slate-700 bg-slate-900 text-white">
        <div className="mx-auto flex max-w-6xl items-center gap-6 px-4 py-3">
          <Link href="/admin/payouts" className="font-semibold">
            Payout Tracker · Admin
          </Link>
          <nav aria-label="Admin" className="flex gap-4">
            <Link href="/admin/payouts" className="text-sm text-slate-200 hover:text-white">
              Payouts
            </Link>
            <Link href="/admin/backfill" className="text-sm text-slate-200 hover:text-white">
              Back-fill
            </Link>
            <Link href="/admin/notices" className="text-sm text-slate-200 hover:text-white">
              Notices
            </Link>
            <Link href="/admin/audit" className="text-sm text-slate-200 hover:text-white">
              Audit log
            </Link>
            <Link href="/admin/accuracy" className="text-sm text-slate-200 hover:text-white">
              ETA accuracy
            </Link>
            <Link href="/admin/outbox" className="text-sm text-slate-200 hover:text-white">
              Dev outbox
            </Link>
          </nav>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-6">
        {children}
      </main>
    </>
  );
}
