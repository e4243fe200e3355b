import type { AppLocale } from "../../i18n/locale";
import type { Rng } from "./random";

/** Where a customer lives: decides language, time zone, phone and usual payout methods. */
export type Region = "DE" | "GB" | "US" | "IE";

export interface PlannedCustomer {
  name: string;
  /** lower-case */
  email: string;
  /** E.164, or null for a customer who gave no phone number */
  phone: string | null;
  locale: AppLocale;
  timeZone: string;
  region: Region;
}

const GERMAN_FIRST = words(
  "Anna Lena Lea Marie Sophie Hannah Laura Julia Katrin Sabine Jana Miriam Franziska Charlotte Greta " +
    "Jörg Jonas Lukas Leon Felix Maximilian Paul Tobias Florian Stefan Matthias Thomas Jürgen Niklas " +
    "Moritz Sebastian Kai Uwe Björn",
);
const GERMAN_LAST = words(
  "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch Richter Klein Wolf " +
    "Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange Schmitt Werner Krause Meier " +
    "Lehmann Köhler Weiß Jäger Vogel Groß Bauer",
);
const ENGLISH_FIRST = words(
  "Oliver Jack Harry George Noah Charlie James William Thomas Daniel Ethan Liam Michael Ryan Sean Conor " +
    "Olivia Amelia Isla Emily Grace Sophia Charlotte Mia Ava Emma Chloe Aoife Niamh Siobhan Hannah Priya " +
    "Zoe Ruby",
);
const ENGLISH_LAST = words(
  "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans Walker White " +
    "Roberts Green Hall Wood Clarke Patel Khan Murphy Kelly O'Brien Byrne Ryan Garcia Miller Davis " +
    "Martinez Anderson Lee Nguyen Harris",
);

function words(list: string): readonly string[] {
  return list.split(" ");
}

const US_TIME_ZONES = ["America/New_York", "America/New_York", "America/Chicago", "America/Los_Angeles"] as const;
const US_AREA_CODES = ["212", "646", "718", "617", "215", "202", "305", "312", "512", "415", "206", "303"] as const;
const DE_MOBILE_PREFIXES = [
  "151",
  "152",
  "157",
  "160",
  "162",
  "170",
  "171",
  "172",
  "175",
  "176",
  "177",
  "179",
] as const;
const IE_MOBILE_PREFIXES = ["83", "85", "86", "87", "89"] as const;
// Reserved for documentation (RFC 2606): no seeded mail can reach a real inbox.
const EMAIL_DOMAINS = ["example.com", "example.com", "example.com", "example.org", "example.net"] as const;

/**
 * A believable customer: about 40% German (de, Europe/Berlin), the rest English
 * speakers in the UK, the US and Ireland. `serial` makes the e-mail address unique
 * (sign-in by e-mail must find exactly one customer).
 */
export function planCustomer(rng: Rng, serial: number): PlannedCustomer {
  const region = rng.weighted<Region>({ DE: 40, GB: 30, US: 20, IE: 10 });
  const german = region === "DE";
  const first = rng.pick(german ? GERMAN_FIRST : ENGLISH_FIRST);
  const last = rng.pick(german ? GERMAN_LAST : ENGLISH_LAST);
  return {
    name: `${first} ${last}`,
    email: emailFor(rng, first, last, serial),
    // Some customers give only an e-mail address: SMS must be optional.
    phone: rng.chance(0.9) ? phoneFor(rng, region) : null,
    locale: german ? "de" : "en",
    timeZone: timeZoneFor(rng, region),
    region,
  };
}

function timeZoneFor(rng: Rng, region: Region): string {
  switch (region) {
    case "DE":
      return "Europe/Berlin";
    case "GB":
      return "Europe/London";
    case "IE":
      return "Europe/Dublin";
    case "US":
      return rng.pick(US_TIME_ZONES);
  }
}

/** A valid mobile number in E.164 for the region. */
export function phoneFor(rng: Rng, region: Region): string {
  switch (region) {
    case "DE":
      return `+49${rng.pick(DE_MOBILE_PREFIXES)}${rng.digits(8)}`;
    case "GB":
      return `+447${rng.pick(["4", "5", "7", "8", "9"])}${rng.digits(8)}`;
    case "IE":
      return `+353${rng.pick(IE_MOBILE_PREFIXES)}${rng.digits(7)}`;
    case "US": {
      // Exchange codes start 2–9 and are never N11.
      const exchange = `${rng.int(2, 9)}${rng.int(0, 9)}${rng.int(2, 9)}`;
      return `+1${rng.pick(US_AREA_CODES)}${exchange}${rng.digits(4)}`;
    }
  }
}

function emailFor(rng: Rng, first: string, last: string, serial: number): string {
  const f = asciiLocalPart(first);
  const l = asciiLocalPart(last);
  const style = rng.int(0, 2);
  const local = style === 0 ? `${f}.${l}` : style === 1 ? `${f}${l}` : `${f.slice(0, 1)}.${l}`;
  return `${local}${serial}@${rng.pick(EMAIL_DOMAINS)}`;
}

/** "Jürgen" → "juergen", "O'Brien" → "obrien": what people type for their address. */
export function asciiLocalPart(name: string): string {
  return name
    .toLowerCase()
    .replaceAll("ä", "ae")
    .replaceAll("ö", "oe")
    .replaceAll("ü", "ue")
    .replaceAll("ß", "ss")
    .normalize("NFD")
    .replace(/[^a-z]/g, "");
}
