// A leaf: the payout module (payout-sql.ts, through rules.ts) and the notification module
// both name the kinds, so they live where neither imports the other.

/** Why a customer is told: decided once, in the transaction that applied the event (rules.ts). */
export const NOTIFICATION_KINDS = ["STAGE_CHANGED", "DELAYED", "ETA_MOVED", "NOTE"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
