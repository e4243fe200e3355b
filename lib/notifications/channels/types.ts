import type { Sql } from "../../db/sql";
import type { NotifyLevel } from "../rules";
import type { CustomerContactRow, MessageContext, NotificationChannel } from "../types";

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

/** The transports a worker sends through, one per kind (DispatchDeps carries them). */
export interface ChannelTransports {
  email: EmailChannel;
  sms: SmsChannel;
}

/** A notification as rendered for its channel, and as stored with it (SMS: text only). */
export interface RenderedMessage {
  subject: string | null;
  text: string;
  html: string | null;
}

/** The customer a notification is for, as the worker's claim reads them. */
export interface NotificationRecipient extends CustomerContactRow {
  sms_opted_out: boolean;
}

/** The customer on one channel. */
export interface ChannelContact {
  /** their address; null = none (the message is suppressed) */
  to: string | null;
  /** their level for this channel: every update / only important / off */
  level: NotifyLevel;
  /** they told the provider to stop (SMS STOP): suppressed, whatever the level */
  optedOut: boolean;
}

/** One claimed notification on its way out. */
export interface OutgoingNotification {
  /** `<event row>:<EMAIL|SMS>`, stable across tries */
  id: string;
  to: string;
  content: RenderedMessage;
  reference: string;
  preferencesUrl: string;
  /**
   * The try before this one, as the claim found it: `status` SENDING = a worker died
   * mid-send; `sendingAt` = when that try began; `lastError` = how the last try ended.
   */
  previousTry: { status: string; sendingAt: Date | null; lastError: string | null };
}

/**
 * Everything about a notification that depends on its channel (lib/notifications/dispatch.ts
 * runs the rest: claim, decide, render, send, record). One per NotificationChannel, in
 * channels/adapters.ts.
 */
export interface NotificationChannelAdapter {
  channel: NotificationChannel;
  /** recorded with the message: smtp | twilio | outbox */
  transport: string;
  /** where and whether the customer hears from this channel */
  contact(recipient: NotificationRecipient): ChannelContact;
  /** when a message must wait (quiet hours): the moment it may go; null = now */
  heldUntil(recipient: NotificationRecipient, urgent: boolean, now: Date): Date | null;
  /** the message in the customer's language; throws on a broken template */
  render(context: MessageContext): Promise<RenderedMessage>;
  /** hands the message to the transport; after an interrupted try, without sending it twice where the channel can tell */
  send(message: OutgoingNotification): Promise<SendResult>;
  /** after SENT is committed: provider reports that arrived before it (receipts.ts applyReceipts) */
  afterSent(sql: Sql, providerId: string): Promise<void>;
}
