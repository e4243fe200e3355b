import {
  Body,
  Button,
  Container,
  Head,
  Heading,
  Hr,
  Html,
  Link,
  Preview,
  Section,
  Text,
} from "@react-email/components";
import { render } from "@react-email/render";
import type { CSSProperties } from "react";
import { intlLocale } from "../../i18n/locale";
import { timeZoneLabel } from "../format/dates";
import { formatMoney } from "../format/money";
import {
  etaChangeWhy,
  etaSentence,
  etaWhen,
  type ShownEta,
  sameShownEta,
  stopReason,
  untyped,
} from "../payouts/customer-view";
import { isTerminal } from "../payouts/stages";
import { templateFor } from "../templates/store";
import { fillTemplate } from "../templates/templates";
import { headline, translators } from "./message-wording";
import { messageValues } from "./template-values";
import type { MessageContext, RenderedEmail } from "./types";

interface Explanation {
  heading: string;
  title: string | null;
  action: string;
  code: string;
}

/** What the email says about the payout, in the customer's language: every string the template shows. */
function compose(ctx: MessageContext) {
  const t = translators[ctx.locale];
  const fmt = intlLocale(ctx.locale);
  const { payout } = ctx;
  const variant = headline(ctx);
  const tr = untyped(t);
  const zone = (at: Date) => timeZoneLabel(ctx.timeZone, fmt, at);

  // A closed payout has no "expected by"; the context may still carry its last estimate.
  const eta: ShownEta | null =
    payout.etaAt && !isTerminal(payout.stage) ? { at: payout.etaAt, precision: payout.etaPrecision ?? null } : null;
  // "Expected by Tuesday 8 December" / "… 14:00 (Central European Time)": a zone only beside a time.
  const etaText = eta
    ? eta.precision === "DATE"
      ? etaSentence(tr, eta, fmt, ctx.timeZone)
      : `${etaSentence(tr, eta, fmt, ctx.timeZone)} (${zone(eta.at)})`
    : "";
  // An ETA this event changed: what it was, and why it changed.
  const before = payout.previousEta;
  const changed = eta && before && !sameShownEta(before, eta, fmt, ctx.timeZone) ? before : null;
  const why = changed ? etaChangeWhy(tr, payout.etaReason ?? null, payout.etaSource ?? null) : null;
  // The first promise, when it is neither the current one nor the one just replaced.
  const firstEta: ShownEta | null =
    eta && payout.originalEtaAt ? { at: payout.originalEtaAt, precision: payout.originalEtaPrecision ?? null } : null;
  const original =
    eta &&
    firstEta &&
    !sameShownEta(firstEta, eta, fmt, ctx.timeZone) &&
    !(changed && sameShownEta(firstEta, changed, fmt, ctx.timeZone))
      ? firstEta
      : null;

  // Why the payout stopped (paused, failed, returned) and, separately, why it runs late.
  const explanations: Explanation[] = [];
  const stageReason = stopReason(payout);
  if (stageReason) {
    explanations.push({
      heading: t(`reasons.${stageReason}.title`),
      title: null,
      action: t(`reasons.${stageReason}.action`),
      code: stageReason,
    });
  }
  const delayReason = payout.delayReason ?? "GENERIC";
  if (payout.delayed && !isTerminal(payout.stage) && delayReason !== stageReason) {
    explanations.push({
      heading: t("notify.email.delayed"),
      title: t(`reasons.${delayReason}.title`),
      action: t(`reasons.${delayReason}.action`),
      code: delayReason,
    });
  }

  // An admin's templates (lib/templates) replace the opening for a stage and "what you can
  // do" for a reason.
  const custom = (topic: string, fallback: string) => {
    const template = templateFor("EMAIL", topic, ctx.locale);
    return template ? fillTemplate(template, messageValues(ctx, tr, etaText, fmt)) : fallback;
  };
  for (const explanation of explanations) {
    explanation.action = custom(`reason:${explanation.code}`, explanation.action);
  }
  const intro =
    variant === "DELAYED" || variant === "DELAY_CLEARED" || variant === "ETA_MOVED" || variant === "NOTE"
      ? t(`notify.email.intro.${variant}`)
      : custom(payout.stage, t(`stages.${payout.stage}.description`));
  const firstName = ctx.firstName.trim();

  return {
    lang: ctx.locale,
    subject: t(`notify.subject.${variant}`, { reference: payout.reference }),
    preview: explanations[0]?.title ?? explanations[0]?.heading ?? intro,
    greeting: firstName ? t("notify.email.greeting", { firstName }) : t("notify.email.greetingNoName"),
    intro,
    details: [
      [t("notify.email.reference"), payout.reference],
      [t("notify.email.amount"), formatMoney(Number(payout.amountMinor), payout.currency, fmt)],
      [t("notify.email.destination"), payout.destinationLabel],
      [t("notify.email.method"), t(`methods.${payout.method}`)],
      [t("notify.email.stage"), t(`stages.${payout.stage}.label`)],
    ] as const,
    eta: eta ? etaText : null,
    etaBefore: changed ? t("notify.email.etaBefore", { when: etaWhen(tr, changed, fmt, ctx.timeZone) }) : null,
    etaWhy: why ? t("notify.email.etaWhy", { why }) : null,
    originally: original ? t("notify.email.originally", { when: etaWhen(tr, original, fmt, ctx.timeZone) }) : null,
    notice: payout.noticeMessage ? { heading: t("notify.email.noticeHeading"), text: payout.noticeMessage } : null,
    note: payout.note ? { heading: t("notify.email.noteHeading"), text: payout.note } : null,
    whereMoney: ctx.guidance?.whereMoney ? { heading: t("payout.whereMoney"), text: ctx.guidance.whereMoney } : null,
    next: ctx.guidance?.next ? { heading: t("payout.whatNext"), text: ctx.guidance.next } : null,
    action: ctx.guidance?.action ?? null,
    explanations,
    whatToDo: t("notify.email.whatToDo"),
    track: t("notify.email.track"),
    trackingUrl: ctx.trackingUrl,
    footer: t("notify.email.footer", { reference: payout.reference }),
    preferences: t("notify.email.preferences"),
    preferencesUrl: ctx.preferencesUrl,
  };
}

type EmailContent = ReturnType<typeof compose>;

// Contrast on white: text #111827 (17:1), muted #374151 (10:1), button white on #1d4ed8 (6.7:1).
const styles = {
  body: { backgroundColor: "#f3f4f6", color: "#111827", fontFamily: "Helvetica, Arial, sans-serif", margin: 0 },
  container: { backgroundColor: "#ffffff", margin: "24px auto", maxWidth: "560px", padding: "32px 24px" },
  h1: { fontSize: "22px", lineHeight: "30px", margin: "0 0 16px" },
  h2: { fontSize: "17px", lineHeight: "24px", margin: "24px 0 4px" },
  text: { fontSize: "15px", lineHeight: "22px", margin: "0 0 12px" },
  row: { fontSize: "15px", lineHeight: "22px", margin: "0 0 4px" },
  details: { backgroundColor: "#f9fafb", borderRadius: "6px", margin: "16px 0", padding: "12px 16px" },
  button: {
    backgroundColor: "#1d4ed8",
    borderRadius: "6px",
    color: "#ffffff",
    fontSize: "16px",
    fontWeight: 600,
    padding: "12px 20px",
    textDecoration: "none",
  },
  footer: { color: "#374151", fontSize: "13px", lineHeight: "20px", margin: 0 },
  link: { color: "#1d4ed8", textDecoration: "underline" },
  quote: {
    borderLeft: "3px solid #1d4ed8",
    fontSize: "15px",
    lineHeight: "22px",
    margin: "0 0 12px",
    paddingLeft: "12px",
  },
} satisfies Record<string, CSSProperties>;

function PayoutEmail({ content: c }: { content: EmailContent }) {
  return (
    <Html lang={c.lang} dir="ltr">
      <Head>
        <title>{c.subject}</title>
      </Head>
      <Preview>{c.preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Heading as="h1" style={styles.h1}>
            {c.subject}
          </Heading>
          <Text style={styles.text}>{c.greeting}</Text>
          <Text style={styles.text}>{c.intro}</Text>
          <Section style={styles.details}>
            {c.details.map(([label, value]) => (
              <Text key={label} style={styles.row}>
                <strong>{`${label}:`}</strong>
                {` ${value}`}
              </Text>
            ))}
            {c.eta ? <Text style={styles.row}>{c.eta}</Text> : null}
            {c.etaBefore ? <Text style={styles.row}>{c.etaBefore}</Text> : null}
            {c.etaWhy ? <Text style={styles.row}>{c.etaWhy}</Text> : null}
            {c.originally ? <Text style={styles.row}>{c.originally}</Text> : null}
          </Section>
          {c.note ? (
            <Section>
              <Heading as="h2" style={styles.h2}>
                {c.note.heading}
              </Heading>
              <Text style={styles.text}>{c.note.text}</Text>
            </Section>
          ) : null}
          {c.notice ? (
            <Section>
              <Heading as="h2" style={styles.h2}>
                {c.notice.heading}
              </Heading>
              <Text style={styles.quote}>{c.notice.text}</Text>
            </Section>
          ) : null}
          {c.explanations.map((e) => (
            <Section key={e.heading}>
              <Heading as="h2" style={styles.h2}>
                {e.heading}
              </Heading>
              {e.title ? <Text style={styles.text}>{e.title}</Text> : null}
              <Text style={styles.text}>
                <strong>{c.whatToDo}</strong>
                {` ${e.action}`}
              </Text>
            </Section>
          ))}
          {[c.whereMoney, c.next].map((part) =>
            part ? (
              <Section key={part.heading}>
                <Heading as="h2" style={styles.h2}>
                  {part.heading}
                </Heading>
                <Text style={styles.text}>{part.text}</Text>
              </Section>
            ) : null,
          )}
          {c.action ? (
            <Section style={{ margin: "24px 0 0" }}>
              <Button href={c.action.url} style={styles.button}>
                {c.action.label}
              </Button>
            </Section>
          ) : null}
          <Section style={{ margin: "24px 0" }}>
            {c.action ? (
              <Link href={c.trackingUrl} style={styles.link}>
                {c.track}
              </Link>
            ) : (
              <Button href={c.trackingUrl} style={styles.button}>
                {c.track}
              </Button>
            )}
          </Section>
          <Hr />
          <Text style={styles.footer}>
            {`${c.footer} `}
            <Link href={c.preferencesUrl} style={styles.link}>
              {c.preferences}
            </Link>
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

// Headings stay as written (upper case turns "ß" into "SS"); lines are not wrapped, so a
// sentence such as the ETA stays whole and mail clients reflow it to the screen.
const htmlToTextOptions = {
  wordwrap: false,
  selectors: [
    { selector: "h1", options: { uppercase: false } },
    { selector: "h2", options: { uppercase: false } },
  ],
} as const;

/**
 * The email for one event: subject, HTML and a plain-text part with the same content.
 * Rendering React and converting HTML to text costs ~3 ms, most of a worker's time per
 * message; emails of one shape (language, headline, which sections) differ only in their
 * strings. So each shape is rendered once with placeholder tokens for every string, and
 * later emails of that shape fill the tokens in (HTML-escaped in the HTML part).
 */
export async function renderEmail(ctx: MessageContext): Promise<RenderedEmail> {
  const content = compose(ctx);
  const values: string[] = [];
  const skeleton = tokenize(content, values) as EmailContent;
  const key = JSON.stringify(skeleton);
  let template = templates.get(key);
  if (!template) {
    const element = <PayoutEmail content={skeleton} />;
    const [html, text] = await Promise.all([render(element), render(element, { plainText: true, htmlToTextOptions })]);
    template = { html, text };
    if (templates.size >= MAX_TEMPLATES) {
      templates.clear();
    }
    templates.set(key, template);
  }
  return {
    subject: content.subject,
    html: fill(template.html, values, escapeHtml),
    text: fill(template.text, values, (value) => value),
  };
}

const MAX_TEMPLATES = 2_000;
const templates = new Map<string, { html: string; text: string }>();
// Letters only: React, the HTML-to-text conversion and Preview's padding leave them untouched.
const token = (index: number) => `ptTOKEN${index}x`;
const TOKEN_PATTERN = /ptTOKEN(\d+)x/g;

/** The same structure with every string replaced by a token; the strings, in order, into `values`. */
function tokenize(value: unknown, values: string[]): unknown {
  if (typeof value === "string") {
    values.push(value);
    return token(values.length - 1);
  }
  if (Array.isArray(value)) {
    return value.map((item) => tokenize(item, values));
  }
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, tokenize(v, values)]));
  }
  return value;
}

function fill(template: string, values: string[], encode: (value: string) => string): string {
  return template.replace(TOKEN_PATTERN, (_, index: string) => encode(values[Number(index)] ?? ""));
}

function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" })[c] ?? c,
  );
}
