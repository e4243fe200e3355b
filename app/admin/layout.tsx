import Link from "next/link";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { signOutAction } from "@/app/(customer)/sign-in/actions";
import { type AdminLink, AdminNav } from "@/components/admin/admin-nav";
import { getCurrentStaff } from "@/lib/auth/session";
import { roleLabel } from "@/lib/format/admin-labels";

const ADMIN_LINKS: readonly AdminLink[] = [
  { href: "/admin/payouts", label: "Payouts" },
  { href: "/admin/support", label: "Support" },
  { href: "/admin/faq", label: "FAQ" },
  { href: "/admin/kpis", label: "KPIs" },
  { href: "/admin/backfill", label: "Back-fill" },
  { href: "/admin/notices", label: "Notices" },
  { href: "/admin/audit", label: "Audit log" },
  { href: "/admin/accuracy", label: "ETA accuracy" },
  { href: "/admin/eta", label: "Stage durations" },
  { href: "/admin/templates", label: "Templates" },
  { href: "/admin/actions", label: "Customer guidance" },
  { href: "/admin/outbox", label: "Dev outbox" },
  { href: "/admin/customers", label: "Customer data" },
  { href: "/admin/staff", label: "Staff" },
];

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
          <AdminNav links={ADMIN_LINKS} />
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
