import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { type Column, DataTable } from "@/components/admin/data-table";
import { FilterPanel } from "@/components/admin/filter-panel";
import { choiceOf } from "@/components/admin/form-values";
import { SelectField } from "@/components/ui/select-field";
import { type AppLocale, intlLocale } from "@/i18n/locale";
import { getCurrentStaff } from "@/lib/auth/session";
import { getDb, getPgPool } from "@/lib/db/client";
import { poolSql } from "@/lib/db/sql";
import { runtimeSettings } from "@/lib/env";
import { labelled, languageLabel, templateChannelLabel, topicLabel } from "@/lib/format/admin-labels";
import { formatDateParts, formatShort } from "@/lib/format/dates";
import { smsDate } from "@/lib/notifications/render-sms";
import { placeholderValues, untyped } from "@/lib/payouts/customer-view";
import { isReasonCode } from "@/lib/payouts/stages";
import { loadTemplates, templateFor, templateHistory } from "@/lib/templates/store";
import {
  isTemplateTopic,
  TEMPLATE_CHANNELS,
  TEMPLATE_TOPICS,
  type TemplateTopic,
  type TemplateValues,
} from "@/lib/templates/templates";
import en from "@/messages/en.json" with { type: "json" };
import { TemplateEditor } from "./template-editor";

export const dynamic = "force-dynamic";
export const metadata = { title: "Message templates · Admin" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The console is in English (lib/format/admin-labels.ts); the editor counts SMS segments with this plural. */
const SEGMENTS_MESSAGE = en.admin.count.segments;

const WHAT: Record<string, string> = {
  "PAGE stage": "the stage's description on the customer's payout page",
  "PAGE reason": "“What you can do” on the payout page",
  "EMAIL stage": "the opening paragraph of the email about reaching the stage",
  "EMAIL reason": "“What you can do” in emails",
  "SMS stage": "the whole text message about reaching the stage",
  "SMS reason": "the whole text message about a delay for this reason",
};

// GET /admin/templates — every word customers read about a stage or a reason, per channel and language.
export default async function TemplatesPage({ searchParams }: Props) {
  const staff = await getCurrentStaff();
  if (!staff) {
    return null; // the admin layout sends signed-out visitors to the staff sign-in
  }
  const raw = await searchParams;
  const pick = (k: string) => (typeof raw[k] === "string" ? (raw[k] as string) : undefined);
  const channel = choiceOf(TEMPLATE_CHANNELS, pick("channel")) ?? "PAGE";
  const requestedTopic = pick("topic") ?? "";
  const topic: TemplateTopic = isTemplateTopic(requestedTopic) ? requestedTopic : "PROCESSING";
  const locale: AppLocale = pick("locale") === "de" ? "de" : "en";
  const isReason = topic.startsWith("reason:");
  const reasonCode = isReason ? topic.slice("reason:".length) : null;

  const db = getDb();
  await loadTemplates(poolSql(getPgPool()));
  const t = await getTranslations({ locale });
  const current = templateFor(channel, topic, locale);
  const builtIn = builtInText(t, channel, topic, reasonCode);
  const history = await templateHistory(db, channel, topic, locale);
  const demo = await demoValues(t, locale, channel, reasonCode);

  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">Message templates</h1>
        <p className="max-w-3xl text-sm text-slate-700">
          Your text replaces {WHAT[`${channel} ${isReason ? "reason" : "stage"}`]}, in{" "}
          {locale === "de" ? "German" : "English"}. Unknown placeholders are refused; an SMS may take at most two
          segments with the longest values. Every version is kept; reset goes back to the built-in text.
        </p>
      </header>
      <FilterPanel submitLabel="Open">
        <SelectField
          label="Channel"
          name="channel"
          options={labelled(TEMPLATE_CHANNELS, templateChannelLabel)}
          defaultValue={channel}
        />
        <SelectField
          label="Stage or reason"
          name="topic"
          options={labelled(TEMPLATE_TOPICS, topicLabel)}
          defaultValue={topic}
        />
        <SelectField
          label="Language"
          name="locale"
          options={[
            { value: "en", label: "English" },
            { value: "de", label: "German" },
          ]}
          defaultValue={locale}
        />
      </FilterPanel>

      <section aria-labelledby="built-in" className="max-w-3xl text-sm">
        <h2 id="built-in" className="font-semibold">
          Built-in text
        </h2>
        <p className="whitespace-pre-wrap text-slate-700" data-testid="built-in">
          {builtIn}
        </p>
        <p className="mt-1 text-slate-700" data-testid="template-state">
          {current ? "Customers now read your template." : "Customers now read the built-in text."}
        </p>
      </section>

      {staff.role === "ADMIN" ? (
        <TemplateEditor
          key={`${channel}|${topic}|${locale}`}
          channel={channel}
          topic={topic}
          locale={locale}
          initial={current ?? builtIn}
          builtIn={builtIn}
          custom={current !== null}
          title={`${templateChannelLabel(channel)} · ${topicLabel(topic)} · ${languageLabel(locale)}`}
          segmentsMessage={SEGMENTS_MESSAGE}
          demo={demo.values}
          demoLabel={demo.label}
        />
      ) : (
        <p>Only admins can change templates.</p>
      )}

      <section aria-labelledby="history">
        <h2 id="history" className="font-semibold">
          Versions
        </h2>
        <DataTable
          caption="Versions"
          columns={HISTORY_COLUMNS}
          rows={history}
          testId="template-history"
          alignTop
          empty="None yet: the built-in text has always been used."
        />
      </section>
      <p className="text-sm">
        <Link href="/admin/audit?action=TEMPLATE_SAVED" className="underline">
          Template changes in the audit log
        </Link>
      </p>
    </div>
  );
}

const HISTORY_COLUMNS: Column<Awaited<ReturnType<typeof templateHistory>>[number]>[] = [
  { header: "When (UTC)", className: "whitespace-nowrap", cell: (v) => formatShort(v.createdAt, "en-GB", "UTC") },
  { header: "Who", cell: (v) => v.by },
  { header: "Text", className: "whitespace-pre-wrap", cell: (v) => v.body ?? "(reset to the built-in text)" },
];

type T = Awaited<ReturnType<typeof getTranslations>>;

/** What customers read without a template, written with placeholders where the built-in text has values. */
function builtInText(t: T, channel: string, topic: string, reason: string | null): string {
  if (channel === "SMS") {
    const headline = reason
      ? t.raw("notify.sms.headline.DELAYED")
      : t.raw(`notify.sms.headline.${topic}` as "notify.sms.headline.PROCESSING");
    const lines = [String(headline).replace("{amount}", ""), reason ? "{reason}" : "", t.raw("notify.sms.link")];
    return lines
      .filter(Boolean)
      .map((l) => String(l).replace("{url}", "{tracking_url}"))
      .join("\n");
  }
  if (reason) {
    return t(`reasons.${reason}.action` as "reasons.GENERIC.action");
  }
  return t(`stages.${topic}.description` as "stages.PROCESSING.description");
}

/** The live preview's values: the demo customer of that language and their newest open payout. */
async function demoValues(t: T, locale: AppLocale, channel: string, reason: string | null) {
  const payout = await getDb().payout.findFirst({
    where: { customer: { externalId: locale === "de" ? "cus_demo_de" : "cus_demo" }, etaAt: { not: null } },
    orderBy: { createdAt: "desc" },
    include: { customer: { select: { name: true, timeZone: true } } },
  });
  const fmt = intlLocale(locale);
  const tz = payout?.customer.timeZone ?? "Europe/Berlin";
  const eta = payout?.etaAt ?? new Date();
  const parts = formatDateParts(eta, fmt, tz);
  const short = smsDate(eta, locale, tz);
  const code = reason ?? payout?.delayReason ?? "BANK_HOLIDAY";
  // The same values a real message or page fills in (lib/payouts/customer-view.ts), for a
  // payout delayed for the chosen reason.
  const values: TemplateValues = placeholderValues(
    untyped(t),
    {
      reference: payout?.reference ?? "PT-DEMO0001",
      amountMinor: payout?.amountMinor ?? 125_000n,
      currency: payout?.currency ?? "EUR",
      stage: "PROCESSING",
      reasonCode: null,
      delayed: true,
      delayReason: isReasonCode(code) ? code : null,
    },
    {
      firstName: payout?.customer.name ?? "Dana",
      eta: channel === "SMS" ? `${short.date} ${short.time}` : t("payout.etaShort", parts),
      trackingUrl: `${runtimeSettings().appUrl}/t/AbCdEfGhIjKlMnOpQrStUv`,
      intlLocale: fmt,
    },
  );
  return { values, label: payout ? `${payout.customer.name}'s ${payout.reference}` : "sample values" };
}
