import Link from "next/link";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { signOutAction } from "@/app/(customer)/sign-in/actions";
import { getCurrentStaff } from "@/lib/auth/session";
import { roleLabel } from "@/lib/format/admin-labels";

// Signed-out visitors go to the staff sign-in. Access is still checked by each page and
// action: actions and APIs bypass layouts.
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const staff = await getCurrentStaff();
  if (!staff) {
    redirect("/sign-in/staff");
  }
  return (
    <>
      <header className="border-b border-slate-700 bg-slate-900 text-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-6 px-4 py-3">
          <Link href="/admin/payouts" className="font-semibold">
            Payout Tracker · Admin
          </Link>
          <nav aria-label="Admin" className="flex gap-4">
            <Link href="/admin/payouts" className="text-sm text-slate-200 hover:text-white">
              Payouts
            </Link>
            <Link href="/admin/support" className="text-sm text-slate-200 hover:text-white">
              Support
            </Link>
            <Link href="/admin/faq" className="text-sm text-slate-200 hover:text-white">
              FAQ
            </Link>
            <Link href="/admin/kpis" className="text-sm text-slate-200 hover:text-white">
              KPIs
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
            <Link href="/admin/eta" className="text-sm text-slate-200 hover:text-white">
              Stage durations
            </Link>
            <Link href="/admin/templates" className="text-sm text-slate-200 hover:text-white">
              Templates
            </Link>
            <Link href="/admin/actions" className="text-sm text-slate-200 hover:text-white">
              Customer guidance
            </Link>
            <Link href="/admin/outbox" className="text-sm text-slate-200 hover:text-white">
              Dev outbox
            </Link>
            <Link href="/admin/customers" className="text-sm text-slate-200 hover:text-white">
              Customer data
            </Link>
            <Link href="/admin/staff" className="text-sm text-slate-200 hover:text-white">
              Staff
            </Link>
          </nav>
          <form action={signOutAction} className="ml-auto flex items-center gap-2 text-sm">
            <span data-testid="staff-who">
              {staff.email} · {roleLabel(staff.role)}
            </span>
            <input type="hidden" name="audience" value="staff" />
            <button type="submit" className="rounded border border-slate-500 px-2 py-0.5 hover:bg-slate-800">
              Sign out
            </button>
          </form>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-6">
        {children}
      </main>
    </>
  );
}
