import { type Column, DataTable } from "@/components/admin/data-table";
import { getCurrentStaff } from "@/lib/auth/session";
import { listStaff } from "@/lib/auth/staff";
import { getDb } from "@/lib/db/client";
import { roleLabel } from "@/lib/format/admin-labels";
import { formatShort } from "@/lib/format/dates";
import { InviteStaff, StaffRowActions } from "./staff-forms";

export const dynamic = "force-dynamic";
export const metadata = { title: "Staff · Admin" };

// GET /admin/staff — who works in the back office, and with which role. Changes: admins only.
export default async function StaffPage() {
  const staff = await getCurrentStaff();
  if (!staff) {
    return null; // the admin layout sends signed-out visitors to the staff sign-in
  }
  const people = await listStaff(getDb());
  const isAdmin = staff.role === "ADMIN";
  const roles = { ADMIN: roleLabel("ADMIN"), SUPPORT: roleLabel("SUPPORT") };
  const change: Column<Person> = {
    header: "Change",
    cell: (p) => (p.disabledAt ? null : <StaffRowActions id={p.id} email={p.email} role={p.role} roles={roles} />),
  };
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Staff</h1>
      {isAdmin ? <InviteStaff roles={roles} /> : <p>Only admins can invite staff or change roles.</p>}
      <DataTable
        caption="Staff"
        columns={isAdmin ? [...COLUMNS, change] : COLUMNS}
        rows={people}
        testId="staff-table"
        alignTop
      />
    </div>
  );
}

type Person = Awaited<ReturnType<typeof listStaff>>[number];

const COLUMNS: Column<Person>[] = [
  { header: "Name", cell: (p) => p.name },
  { header: "Email", cell: (p) => p.email },
  { header: "Role", cell: (p) => (p.disabledAt ? `Removed (was ${roleLabel(p.role)})` : roleLabel(p.role)) },
  { header: "Since", cell: (p) => formatShort(p.createdAt, "en-GB", "UTC") },
];
