import type { AppLocale } from "../../i18n/locale";
import type { InquiryCategory } from "../support/inquiries";
import type { Rng } from "./random";

// What seeded customers ask and what the support team answers, in English and German (the
// customer's language). {reference}, {amount}, {first} and {agent} are filled in per thread.

/** Why a customer writes: follows from the payout's state when they ask. */
export type Situation =
  | "LATE"
  | "WAITING"
  | "SENT"
  | "DOCUMENTS"
  | "BANK_DETAILS"
  | "ON_HOLD"
  | "FAILED"
  | "RETURNED"
  | "CANCELED"
  | "AMOUNT"
  | "RECEIPT"
  | "CHANGE_ACCOUNT";

export const CATEGORY_OF: Record<Situation, InquiryCategory> = {
  LATE: "WHERE_IS_MY_MONEY",
  WAITING: "WHERE_IS_MY_MONEY",
  SENT: "WHERE_IS_MY_MONEY",
  DOCUMENTS: "DOCUMENTS",
  BANK_DETAILS: "UPDATE_BANK_DETAILS",
  ON_HOLD: "OTHER",
  FAILED: "WHERE_IS_MY_MONEY",
  RETURNED: "UPDATE_BANK_DETAILS",
  CANCELED: "OTHER",
  AMOUNT: "WRONG_AMOUNT",
  RECEIPT: "OTHER",
  CHANGE_ACCOUNT: "UPDATE_BANK_DETAILS",
};

type Texts = Record<AppLocale, readonly string[]>;

const QUESTIONS: Record<Situation, Texts> = {
  LATE: {
    en: [
      "My payout {reference} was supposed to arrive already. The page now says it is delayed. When will I get the money?",
      "Hi, {reference} is late and I need the money for rent this week. Is there anything I can do to speed it up?",
      "The expected date for {reference} has passed. Can you tell me what is going on?",
    ],
    de: [
      "Meine Auszahlung {reference} sollte schon da sein, jetzt steht dort „verzögert“. Wann bekomme ich das Geld?",
      "Hallo, die Auszahlung {reference} über {amount} ist überfällig. Können Sie mir sagen, woran es liegt?",
      "Der angekündigte Termin für {reference} ist vorbei. Muss ich etwas tun?",
    ],
  },
  WAITING: {
    en: [
      "How much longer will {reference} take? It has been in the same step for a while.",
      "Just checking that {reference} ({amount}) is still on track. Thanks!",
    ],
    de: [
      "Wie lange dauert {reference} noch? Die Auszahlung steht schon eine Weile im selben Schritt.",
      "Ist bei der Auszahlung {reference} über {amount} alles in Ordnung? Ich warte schon länger.",
    ],
  },
  SENT: {
    en: [
      "The page says {reference} was sent, but I can't see it in my bank account yet.",
      "{reference} shows as sent since yesterday. My bank says nothing has arrived. Can you check?",
    ],
    de: [
      "Laut Seite wurde {reference} gesendet, aber auf meinem Konto ist noch nichts angekommen.",
      "Seit gestern steht {reference} auf „gesendet“. Meine Bank sieht nichts. Können Sie nachsehen?",
    ],
  },
  DOCUMENTS: {
    en: [
      "Which documents do you still need for {reference}? I uploaded my passport last week.",
      "I got a message that my identity check is not finished. What exactly is missing?",
    ],
    de: [
      "Welche Unterlagen fehlen noch für {reference}? Meinen Ausweis habe ich letzte Woche hochgeladen.",
      "Ich soll Dokumente nachreichen. Reicht ein Kontoauszug als Adressnachweis?",
    ],
  },
  BANK_DETAILS: {
    en: [
      "You say my bank details are not valid. I have used this account for years. What is wrong with it?",
      "I entered the wrong IBAN for {reference}. How do I correct it?",
    ],
    de: [
      "Angeblich ist meine Bankverbindung ungültig. Das Konto nutze ich seit Jahren. Was stimmt nicht?",
      "Ich habe bei {reference} eine falsche IBAN angegeben. Wie kann ich das korrigieren?",
    ],
  },
  ON_HOLD: {
    en: [
      "Why is {reference} on hold? Nobody told me anything.",
      "My payout {reference} has been on hold for two days. Do you need something from me?",
    ],
    de: [
      "Warum wurde {reference} angehalten? Ich habe keine Nachricht bekommen.",
      "Meine Auszahlung {reference} ist seit zwei Tagen angehalten. Brauchen Sie etwas von mir?",
    ],
  },
  FAILED: {
    en: [
      "{reference} failed. What happens to my money now and how do I get it?",
      "The payout of {amount} could not be completed. Please tell me what I need to do.",
    ],
    de: [
      "{reference} ist fehlgeschlagen. Was passiert jetzt mit meinem Geld?",
      "Die Auszahlung über {amount} konnte nicht abgeschlossen werden. Was muss ich tun?",
    ],
  },
  RETURNED: {
    en: [
      "My bank sent {reference} back. Can you send it again to the same account?",
      "Why was the money returned? I checked the account number twice.",
    ],
    de: [
      "Meine Bank hat {reference} zurückgeschickt. Können Sie das Geld noch einmal überweisen?",
      "Warum kam die Überweisung zurück? Die Kontonummer habe ich zweimal geprüft.",
    ],
  },
  CANCELED: {
    en: ["Why was {reference} canceled? I did not cancel it."],
    de: ["Warum wurde {reference} storniert? Ich habe nichts storniert."],
  },
  AMOUNT: {
    en: [
      "I received less than {amount} for {reference}. Were there fees?",
      "The amount that arrived for {reference} is different from what I expected. Can you explain?",
    ],
    de: [
      "Für {reference} ist weniger als {amount} angekommen. Wurden Gebühren abgezogen?",
      "Der Betrag von {reference} stimmt nicht mit dem überein, was ich erwartet habe. Können Sie das erklären?",
    ],
  },
  RECEIPT: {
    en: ["Could you send me a confirmation for {reference}? My accountant needs it."],
    de: ["Können Sie mir eine Bestätigung für {reference} schicken? Mein Steuerberater braucht sie."],
  },
  CHANGE_ACCOUNT: {
    en: ["Can {reference} still go to a different bank account? I am closing the old one."],
    de: ["Kann {reference} noch auf ein anderes Konto gehen? Ich löse mein altes Konto auf."],
  },
};

/** The first answer; `canned:` names a canned reply the agent starts from (installed by the migration). */
const ANSWERS: Record<Situation, Texts> = {
  LATE: {
    en: [
      "Sorry for the wait. Your payout is delayed on our side, not lost. The page shows the new expected date and we will email you as soon as it moves on.",
      "canned:canned_bank_holiday",
    ],
    de: [
      "Entschuldigen Sie die Wartezeit. Ihre Auszahlung ist bei uns verzögert, aber nicht verloren. Auf der Seite steht das neue erwartete Datum, und wir schreiben Ihnen, sobald es weitergeht.",
      "canned:canned_bank_holiday",
    ],
  },
  WAITING: { en: ["canned:canned_on_track"], de: ["canned:canned_on_track"] },
  SENT: {
    en: [
      "We sent the money to your bank. Banks credit it on business days; it can take until the end of the next business day. If it is not there by then, reply here and we will trace it.",
    ],
    de: [
      "Wir haben das Geld an Ihre Bank gesendet. Banken schreiben an Geschäftstagen gut, das kann bis zum Ende des nächsten Geschäftstags dauern. Falls es dann nicht da ist, antworten Sie hier und wir forschen nach.",
    ],
  },
  DOCUMENTS: { en: ["canned:canned_documents"], de: ["canned:canned_documents"] },
  BANK_DETAILS: { en: ["canned:canned_bank_details"], de: ["canned:canned_bank_details"] },
  ON_HOLD: {
    en: [
      "Your payout is in a routine review. You do not need to do anything; reviews usually finish within two business days and we contact you if we need more information.",
    ],
    de: [
      "Ihre Auszahlung wird routinemäßig geprüft. Sie müssen nichts tun; die Prüfung dauert meist bis zu zwei Geschäftstage, und wir melden uns, falls wir weitere Angaben brauchen.",
    ],
  },
  FAILED: {
    en: [
      "The money did not leave us, so nothing is lost. Please check your bank details in your account; once they are correct we send the payout again.",
    ],
    de: [
      "Das Geld hat uns nicht verlassen, es ist also nichts verloren. Bitte prüfen Sie Ihre Bankverbindung im Konto; sobald sie stimmt, senden wir die Auszahlung erneut.",
    ],
  },
  RETURNED: {
    en: [
      "Your bank returned the transfer, usually because the account name or number did not match. The money is back with us. Please check the details in your account and we will send it again.",
    ],
    de: [
      "Ihre Bank hat die Überweisung zurückgegeben, meist weil Name oder Kontonummer nicht passten. Das Geld ist wieder bei uns. Bitte prüfen Sie die Angaben im Konto, dann senden wir es erneut.",
    ],
  },
  CANCELED: {
    en: [
      "The payout was canceled because the requested information did not reach us in time. You can request a new payout in your account at any time.",
    ],
    de: [
      "Die Auszahlung wurde storniert, weil die angeforderten Angaben nicht rechtzeitig bei uns ankamen. Sie können jederzeit in Ihrem Konto eine neue Auszahlung anfordern.",
    ],
  },
  AMOUNT: {
    en: [
      "We paid out the full amount. The difference comes from your bank: an incoming transfer fee or a currency conversion. Your bank statement shows the exact fee.",
    ],
    de: [
      "Wir haben den vollen Betrag ausgezahlt. Die Differenz entsteht bei Ihrer Bank, durch eine Gebühr für eingehende Überweisungen oder eine Währungsumrechnung. Ihr Kontoauszug zeigt die genaue Gebühr.",
    ],
  },
  RECEIPT: {
    en: ["Of course. The payout page lists every step with its date; you can print it as your confirmation."],
    de: ["Gern. Die Seite der Auszahlung zeigt jeden Schritt mit Datum; Sie können sie als Bestätigung ausdrucken."],
  },
  CHANGE_ACCOUNT: { en: ["canned:canned_bank_details"], de: ["canned:canned_bank_details"] },
};

const FOLLOW_UPS: Texts = {
  en: [
    "Thanks. I have done that now. Can you check again?",
    "OK, but how long will it take after that?",
    "I uploaded everything this morning. Is it enough?",
    "Still nothing on my account. Could you take another look?",
  ],
  de: [
    "Danke. Das habe ich jetzt erledigt. Können Sie noch einmal nachsehen?",
    "Gut, aber wie lange dauert es danach noch?",
    "Ich habe heute Morgen alles hochgeladen. Reicht das so?",
    "Auf meinem Konto ist immer noch nichts. Können Sie bitte noch einmal schauen?",
  ],
};

const SECOND_ANSWERS: Texts = {
  en: [
    "Thank you, that is all we need. Your payout continues today and the page shows the new expected date.",
    "I checked again: everything is in order on our side. You will get an email the moment it arrives.",
  ],
  de: [
    "Danke, mehr brauchen wir nicht. Ihre Auszahlung geht heute weiter, das neue erwartete Datum steht auf der Seite.",
    "Ich habe noch einmal nachgesehen: Bei uns ist alles in Ordnung. Sie bekommen eine E-Mail, sobald das Geld da ist.",
  ],
};

/** A customer writing again after the question was resolved (which opens it again). */
const REOPENERS: Texts = {
  en: ["Thank you, the money has arrived!", "Sorry to bother you again, but it still has not arrived."],
  de: [
    "Vielen Dank, das Geld ist angekommen!",
    "Entschuldigung, dass ich noch einmal schreibe, aber es ist immer noch nicht da.",
  ],
};

const GREETING = { en: "Hello {first},", de: "Hallo {first}," } as const;
const SIGN_OFF = {
  en: "Best regards\n{agent}, Payout support",
  de: "Viele Grüße\n{agent} vom Auszahlungs-Support",
} as const;

export type CannedBodies = ReadonlyMap<string, { en: string; de: string }>;

function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (match, key: string) => values[key] ?? match);
}

export function questionText(rng: Rng, situation: Situation, locale: AppLocale, values: Record<string, string>) {
  return fill(rng.pick(QUESTIONS[situation][locale]), values);
}

export function followUpText(rng: Rng, locale: AppLocale): string {
  return rng.pick(FOLLOW_UPS[locale]);
}

export function reopenText(locale: AppLocale, arrived: boolean): string {
  return REOPENERS[locale][arrived ? 0 : 1] ?? "";
}

/** An agent's reply: greeting, the answer (from a canned reply where one fits), sign-off. */
export function answerText(
  rng: Rng,
  situation: Situation | "SECOND",
  locale: AppLocale,
  values: Record<string, string>,
  canned: CannedBodies,
): string {
  const choice = rng.pick(situation === "SECOND" ? SECOND_ANSWERS[locale] : ANSWERS[situation][locale]);
  const cannedId = choice.startsWith("canned:") ? choice.slice("canned:".length) : null;
  // An admin may have deleted or reworded a canned reply; then the agent writes their own.
  const body = cannedId ? (canned.get(cannedId)?.[locale] ?? SECOND_ANSWERS[locale][1] ?? "") : choice;
  return fill(`${GREETING[locale]}\n\n${body}\n\n${SIGN_OFF[locale]}`, values);
}
