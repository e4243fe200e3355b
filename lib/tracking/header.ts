/** The request header that tells the i18n config which tracking link a request opens (set by proxy.ts). */
export const TRACKING_TOKEN_HEADER = "x-pt-tracking-token";
