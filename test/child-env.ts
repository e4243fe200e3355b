/**
 * The environment a test gives a child process it starts (a worker, a script): only the
 * search path and home directory of this one, so that no setting from the outside
 * (TWILIO_*, SMTP_URL, …) reaches it; the test adds what the child needs.
 */
export function bareChildEnvironment(): { PATH: string | undefined; HOME: string | undefined } {
  return { PATH: process.env.PATH, HOME: process.env.HOME };
}
