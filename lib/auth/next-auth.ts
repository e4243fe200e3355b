import "server-only";
import NextAuth from "next-auth";
import { authConfig } from "./auth-config";

// Auth.js v5, configured in auth-config.ts (kept apart so that tests can use the configuration
// without next-auth's Next.js bindings). Built on first use: builds need no database.
export const { handlers, auth, signIn, signOut } = NextAuth(() => authConfig());
