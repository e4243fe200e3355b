import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Page } from "@playwright/test";
import type { AppLocale } from "../i18n/locale";
import { createSession, userForIdentity } from "../lib/auth/identity";
import { createDb, type Db } from "../lib/db/client";
import { applyEvent } from "../lib/payouts/apply-event";
import type { ReasonCode, Stage } from "../lib/payouts/stages";

export { expect };

interface CustomerOptions {
  locale?: AppLocale;
  timeZone?: string;
  name?: string;
  /** E.164; default a shared UK test number */
  phone?: string;
  /** SMS for every update, no quiet hours: for tests that expect an SMS at any time of day */
  smsAlways?: boolean;
}

export interface InboxMail {
  messageId: string;
  subject: string;
  text: string;
  html: string;
  envelopeTo: string[];
  headers: Record<string, string>;
}

export interface SentSms {
  sid: string;
  to: string;
  body: string;
  status: string;
}

interface PayoutOptions {
  stage?: Stage;
  reasonCode?: ReasonCode;
  delay?: ReasonCode;
  amountMinor?: bigint;
  currency?: string;
  at?: Date;
  method?: "SEPA" | "SWIFT" | "ACH" | "FASTER_PAYMENTS" | "CARD" | "PAYPAL" | "WALLET";
}

interface Fixtures {
  makeCustomer: (options?: CustomerOptions) => Promise<{ id: string; name: string; email: string }>;
  makePayout: (customerId: string, options?: PayoutOptions) => Promise<{ id: string; reference: string }>;
  signInAs: (page: Page, customerId: string) => Promise<void>;
  signInStaff: (page: Page, role?: "ADMIN" | "SUPPORT") => Promise<void>;
  checkA11y: (page: Page) => Promise<void>;
  /** the mails the local SMTP listener accepted for this address */
  inbox: (address: string) => Promise<InboxMail[]>;
  /** the SMS the fake Twilio accepted for this number */
  smsBox: (phone: string) => Promise<SentSms[]>;
}

interface ServerState {
  url: string;
  smtpInspectUrl: string;
  twilio: { url: string; accountSid: string; authToken: string };
}

const serverState = (): ServerState => JSON.parse(readFileSync("e2e/.state/database.json", "utf8"));
const databaseUrl = (): string => serverState().url;

export const test = base.extend<Fixtures, { db: Db }>({
  db: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies by destructuring
    async ({}, use) => {
      const db = createDb(databaseUrl(), 2);
      await use(db);
      await db.$disconnect();
    },
    { scope: "worker" },
  ],

  // Each test makes its own customers, so tests run in parallel without seeing each other.
  makeCustomer: async ({ db }, use) => {
    await use(async (options = {}) => {
      const id = randomUUID().slice(0, 8);
      return db.customer.create({
        data: {
          externalId: `cus_e2e_${id}`,
          name: options.name ?? "Grace Hopper",
          email: `grace.${id}@example.com`,
          phone: options.phone ?? "+447700900123",
          locale: options.locale ?? "en",
          timeZone: options.timeZone ?? "Europe/London",
          ...(options.smsAlways ? { smsLevel: "ALL", quietHoursStart: null, quietHoursEnd: null } : {}),
        },
        select: { id: true, name: true, email: true },
      }) as Promise<{ id: string; name: string; email: string }>;
    });
  },

  makePayout: async ({ db }, use) => {
    await use(async (customerId, options = {}) => {
      const externalId = `po_e2e_${randomUUID()}`;
      const at = options.at ?? new Date(Date.now() - 3_600_000);
      const created = await applyEvent(
        {
          eventId: `evt_${randomUUID()}`,
          occurredAt: new Date(at.getTime() - 600_000),
          source: { kind: "API" },
          stage: "REQUESTED",
          payout: {
            externalId,
            create: {
              customerId,
              amountMinor: options.amountMinor ?? 125_000n,
              currency: options.currency ?? "EUR",
              method: options.method ?? "SEPA",
              destinationLabel: "DE•• 1234",
            },
          },
        },
        { db },
      );
      if (!created.ok) {
        throw new Error(created.message);
      }
      if (options.stage && options.stage !== "REQUESTED") {
        const moved = await applyEvent(
          {
            eventId: `evt_${randomUUID()}`,
            occurredAt: at,
            source: { kind: "API" },
            stage: options.stage,
            reasonCode: options.reasonCode,
            payout: { id: created.payoutId },
            delay: options.delay ? { reasonCode: options.delay } : undefined,
          },
          { db },
        );
        if (!moved.ok) {
          throw new Error(moved.message);
        }
      } else if (options.delay) {
        await applyEvent(
          {
            eventId: `evt_${randomUUID()}`,
            occurredAt: at,
            source: { kind: "API" },
            payout: { id: created.payoutId },
            delay: { reasonCode: options.delay },
          },
          { db },
        );
      }
      return db.payout.findUniqueOrThrow({ where: { id: created.payoutId }, select: { id: true, reference: true } });
    });
  },

  // A database session like the one a magic link makes, for the customer's email address.
  signInAs: async ({ baseURL, db }, use) => {
    await use(async (page, customerId) => {
      const customer = await db.customer.findUniqueOrThrow({ where: { id: customerId }, select: { email: true } });
      if (!customer.email) {
        throw new Error("signInAs needs a customer with an email address");
      }
      const { token } = await createSession(db, await userForIdentity(db, { email: customer.email }));
      await page.context().addCookies([{ name: "pt_session", value: token, url: baseURL ?? "" }]);
    });
  },

  // The seeded demo staff: admin@example.com (ADMIN), support@example.com (SUPPORT).
  signInStaff: async ({ baseURL, db }, use) => {
    await use(async (page, role = "ADMIN") => {
      const email = role === "ADMIN" ? "admin@example.com" : "support@example.com";
      const { token } = await createSession(db, await userForIdentity(db, { email }));
      await page.context().addCookies([{ name: "pt_session", value: token, url: baseURL ?? "" }]);
    });
  },

  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies by destructuring
  inbox: async ({}, use) => {
    await use(async (address) => {
      const response = await fetch(`${serverState().smtpInspectUrl}/messages?to=${encodeURIComponent(address)}`);
      return (await response.json()) as InboxMail[];
    });
  },

  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies by destructuring
  smsBox: async ({}, use) => {
    await use(async (phone) => {
      const { twilio } = serverState();
      const auth = Buffer.from(`${twilio.accountSid}:${twilio.authToken}`).toString("base64");
      const response = await fetch(
        `${twilio.url}/2010-04-01/Accounts/${twilio.accountSid}/Messages.json?To=${encodeURIComponent(phone)}&PageSize=100`,
        { headers: { authorization: `Basic ${auth}` } },
      );
      const page = (await response.json()) as { messages: SentSms[] };
      return page.messages;
    });
  },

  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies by destructuring
  checkA11y: async ({}, use) => {
    await use(async (page) => {
      // Next streams metadata for dynamic pages: let the <title> arrive before judging it.
      await expect(page).toHaveTitle(/\S/);
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
      const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      expect(
        serious.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
      ).toEqual([]);
    });
  },
});
