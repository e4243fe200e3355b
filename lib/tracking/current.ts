import "server-only";
import { cache } from "react";
import { getDb } from "../db/client";
import { type ResolvedLink, resolveTrackingLink } from "./links";

/** The tracking link a request opens, looked up once per request (page and i18n config share it). */
export const getTrackingLink = cache((token: string): Promise<ResolvedLink> => resolveTrackingLink(getDb(), token));
