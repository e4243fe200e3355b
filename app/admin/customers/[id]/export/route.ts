import { getCurrentStaff } from "@/lib/auth/session";
import { auditCustomerExport } from "@/lib/customers/erase";
import { exportCustomerData } from "@/lib/customers/export";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

// GET /admin/customers/[id]/export — the customer's data as a JSON download (ADMIN only,
// audited). Anyone else gets 404, as for an unknown customer.
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const staff = await getCurrentStaff();
  const { id } = await params;
  const notFound = () =>
    Response.json({ error: "not_found" }, { status: 404, headers: { "cache-control": "no-store" } });
  if (staff?.role !== "ADMIN" || id.length > 64) {
    return notFound();
  }
  const db = getDb();
  const data = await exportCustomerData(db, id);
  if (!data) {
    return notFound();
  }
  await auditCustomerExport(db, { customerId: id, externalId: data.customer.externalId, staffId: staff.id });
  const filename = `customer-${data.customer.externalId.replace(/[^A-Za-z0-9_.-]/g, "_")}.json`;
  return new Response(`${JSON.stringify(data, null, 2)}\n`, {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "private, no-store",
    },
  });
}
