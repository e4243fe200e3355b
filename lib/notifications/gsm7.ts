import { SegmentedMessage } from "sms-segments-calculator";

export type SmsEncoding = "GSM-7" | "UCS-2";

/**
 * How an SMS body is sent. `characters` counts what the segment limit is measured in:
 * GSM-7 septets (an extension character such as € counts 2) or UCS-2 code units.
 * One GSM-7 segment holds 160 septets, one UCS-2 segment 70 units.
 */
export function smsSegments(body: string): { encoding: SmsEncoding; segments: number; characters: number } {
  const message = new SegmentedMessage(body);
  return { encoding: message.encodingName, segments: message.segmentsCount, characters: message.numberOfCharacters };
}

const TYPOGRAPHIC: Record<string, string> = {
  "\u00a0": " ", // no-break space: Intl's "1.250,00 €"
  "\u202f": " ", // narrow no-break space: some Intl time and currency formats
  "\u2007": " ",
  "\u2009": " ",
  "\u200b": "",
  "\u2018": "'",
  "\u2019": "'",
  "\u201a": "'",
  "\u201c": '"',
  "\u201d": '"',
  "\u201e": '"',
  "\u00ab": '"',
  "\u00bb": '"',
  "\u2010": "-",
  "\u2011": "-",
  "\u2013": "-",
  "\u2014": "-",
  "\u2212": "-",
  "\u2026": "...",
};

const TYPOGRAPHIC_PATTERN = new RegExp(`[${Object.keys(TYPOGRAPHIC).join("")}]`, "g");

// GSM 03.38: the basic alphabet and the extension table (whose characters, € among them, take two septets).
const GSM7 = /^[@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&'()*+,\-./0-9:;<=>?¡A-ZÄÖÑÜ§¿a-zäöñüà\f^{}\\[~\]|€]*$/;

/**
 * Keeps a text in the GSM-7 alphabet: one character outside it would send the whole
 * message as UCS-2 (70 instead of 160 characters a segment). Typographic characters
 * become their plain forms; accents outside GSM-7 are dropped (é is in it, ë is not).
 */
export function toGsm7(text: string): string {
  const plain = text.replace(TYPOGRAPHIC_PATTERN, (c) => TYPOGRAPHIC[c] ?? c);
  if (GSM7.test(plain)) {
    return plain;
  }
  return Array.from(plain, (char) => {
    if (GSM7.test(char)) {
      return char;
    }
    const stripped = char.normalize("NFD").replace(/\p{M}/gu, "");
    return GSM7.test(stripped) ? stripped : "?";
  }).join("");
}
