-- A note from the team on the same stage is a message of its own (lib/notifications/rules.ts).
ALTER TYPE "NotificationKind" ADD VALUE IF NOT EXISTS 'NOTE';
