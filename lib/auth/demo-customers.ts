import "server-only";
import type { AppLocale } from "@/i18n/locale";
import { getDb } from "../db/client";
import { DEMO_CUSTOMER_EXTERNAL_ID } from "./session";

export interface DemoChoice {
  id: string;
  name: string;
  locale: AppLocale;
}

const DEMO_IDS = [DEMO_CUSTOMER_EXTERNAL_ID, "cus_demo_de"];
const select = { id: true, name: true, locale: true } as const;
let sample: { at: number; rows: DemoChoice[] } | null = null;

/**
 * The development switcher's list: the demo customers, the current one, and a few seeded
 * customers to look around. The sample is kept for a minute: it is on every page.
 */
export async function demoCustomerChoices(currentId: string | undefined): Promise<DemoChoice[]> {
  const db = getDb();
  if (!sample || Date.now() - sample.at > 60_000) {
    const demo = await db.customer.findMany({
      where: { externalId: { in: DEMO_IDS } },
      orderBy: { externalId: "asc" },
      select,
    });
    const others = await db.customer.findMany({
      where: { externalId: { notIn: DEMO_IDS } },
      orderBy: { createdAt: "asc" },
      take: 10,
      select,
    });
    sample = { at: Date.now(), rows: [...demo, ...others] };
  }
  const rows = sample.rows;
  if (currentId && !rows.some((c) => c.id === currentId)) {
    const current = await db.customer.findUnique({ where: { id: currentId }, select });
    return current ? [current, ...rows] : rows;
  }
  return rows;
}
