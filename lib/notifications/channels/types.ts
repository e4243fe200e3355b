/** What a channel reports back; the dispatcher decides retries and fallbacks. */
export type SendResult =
  | { status: "sent"; providerId: string }
  /** worth trying again later: the provider or the network had a moment */
  | { status: "retry"; error: string }
  /** trying again will not help; `optedOut` = the recipient unsubscribed at the provider */
  | { status: "failed"; error: string; optedOut?: boolean };

export interface EmailMessage {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** stable per notification: a resend after a crash carries the same Message-ID */
  messageId: string;
  headers: Record<string, string>;
}

export interface SmsMessage {
  to: string;
  body: string;
}

export interface EmailChannel {
  kind: "email";
  /** smtp | outbox */
  transport: string;
  send(message: EmailMessage): Promise<SendResult>;
  close(): void;
}

export interface SmsChannel {
  kind: "sms";
  /** twilio | outbox */
  transport: string;
  send(message: SmsMessage): Promise<SendResult>;
  /**
   * After a crash mid-send: the id of a message the provider already accepted for this
   * recipient and body since `since`, so that it is not sent again; null if none.
   */
  findSent(message: SmsMessage, since: Date): Promise<string | null>;
}
