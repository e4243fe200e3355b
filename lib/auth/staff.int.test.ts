import { beforeEach, describe, expect, it } from "vitest";
import { resetDatabase } from "../../test/reset-database";
import { getDb } from "../db/client";
import { createSession, staffForIdentity, userForIdentity } from "./identity";
import { changeStaff, inviteStaff } from "./staff";

beforeEach(resetDatabase);

async function staff(email: string, role: "ADMIN" | "SUPPORT") {
  const row = await getDb().staffUser.create({ data: { email, name: email.split("@")[0] ?? email, role } });
  return { id: row.id, email: row.email, name: row.name, role: row.role };
}

describe("staff accounts", () => {
  it("an admin invites staff; a second invitation for an active account is refused; every change is audited", async () => {
    const admin = await staff("boss@example.com", "ADMIN");
    expect(await inviteStaff(getDb(), admin, { email: "new@example.com", name: "New", role: "SUPPORT" })).toEqual({
      ok: true,
    });
    expect(await staffForIdentity(getDb(), { email: "new@example.com", phone: null })).toMatchObject({
      role: "SUPPORT",
    });
    expect(await inviteStaff(getDb(), admin, { email: "new@example.com", name: "New", role: "ADMIN" })).toMatchObject({
      ok: false,
      code: "EXISTS",
    });
    const audit = await getDb().auditEntry.findMany({ where: { target: "new@example.com" } });
    expect(audit.map((a) => a.action)).toEqual(["STAFF_INVITED"]);
  });

  it("the last admin can be neither demoted nor removed; with two, one can", async () => {
    const admin = await staff("boss@example.com", "ADMIN");
    const agent = await staff("agent@example.com", "SUPPORT");
    expect(await changeStaff(getDb(), admin, { id: admin.id, change: { role: "SUPPORT" } })).toMatchObject({
      code: "LAST_ADMIN",
    });
    expect(await changeStaff(getDb(), agent, { id: admin.id, change: { remove: true } })).toMatchObject({
      code: "LAST_ADMIN",
    });
    expect(await changeStaff(getDb(), admin, { id: agent.id, change: { role: "ADMIN" } })).toEqual({ ok: true });
    expect(await changeStaff(getDb(), admin, { id: admin.id, change: { role: "SUPPORT" } })).toEqual({ ok: true });
    expect(await getDb().staffUser.count({ where: { role: "ADMIN" } })).toBe(1);
  });

  it("two admins demoting each other at the same moment leave one admin", async () => {
    const a = await staff("a@example.com", "ADMIN");
    const b = await staff("b@example.com", "ADMIN");
    const results = await Promise.all([
      changeStaff(getDb(), a, { id: b.id, change: { role: "SUPPORT" } }),
      changeStaff(getDb(), b, { id: a.id, change: { role: "SUPPORT" } }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await getDb().staffUser.count({ where: { role: "ADMIN" } })).toBe(1);
  });

  it("removing someone ends their sessions and their staff access; a new invitation gives it back", async () => {
    const admin = await staff("boss@example.com", "ADMIN");
    const agent = await staff("agent@example.com", "SUPPORT");
    const { token } = await createSession(getDb(), await userForIdentity(getDb(), { email: agent.email }));
    expect(await changeStaff(getDb(), admin, { id: agent.id, change: { remove: true } })).toEqual({ ok: true });
    expect(await getDb().session.findUnique({ where: { sessionToken: token } })).toBeNull();
    expect(await staffForIdentity(getDb(), { email: agent.email, phone: null })).toBeNull();
    expect(await changeStaff(getDb(), admin, { id: admin.id, change: { remove: true } })).toMatchObject({
      code: "SELF",
    });
    expect(await inviteStaff(getDb(), admin, { email: agent.email, name: "Agent", role: "SUPPORT" })).toEqual({
      ok: true,
    });
    expect(await staffForIdentity(getDb(), { email: agent.email, phone: null })).toMatchObject({ role: "SUPPORT" });
  });
});
