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
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Staff</h1>
      {isAdmin ? <InviteStaff roles={roles} /> : <p>Only admins can invite staff or change roles.</p>}
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="w-full text-left text-sm" data-testid="staff-table">
          <thead className="bg-slate-100">
            <tr>
              <th className="px-3 py-2">Name</th>
              <th className="px-3 py-2">Email</th>
              <th className="px-3 py-2">Role</th>
              <th className="px-3 py-2">Since</th>
              {isAdmin ? <th className="px-3 py-2">Change</th> : null}
            </tr>
          </thead>
          <tbody>
            {people.map((p) => (
              <tr key={p.id} className="border-t border-slate-200 align-top">
                <td className="px-3 py-2">{p.name}</td>
                <td className="px-3 py-2">{p.email}</td>
                <td className="px-3 py-2">{p.disabledAt ? `Removed (was ${roleLabel(p.role)})` : roleLabel(p.role)}</td>
                <td className="px-3 py-2">{formatShort(p.createdAt, "en-GB", "UTC")}</td>
                {isAdmin ? (
                  <td className="px-3 py-2">
                    {p.disabledAt ? null : <StaffRowActions id={p.id} email={p.email} role={p.role} roles={roles} />}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
