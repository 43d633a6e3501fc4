/**
 * `npm run admin:create -- --email <address> [--name "<name>"]` — makes an admin on any database
 * (DATABASE_URL's, or the embedded one when the server is not running) and prints a one-time
 * link to set the password (24 h; only its hash is stored). For an existing admin who lost
 * access it prints a new link; a disabled admin is enabled only with `--enable`. With SMTP_URL
 * set the link is e-mailed as well.
 */
import { parseArgs } from "node:util";
import { createAdmin, passwordLinkUrl } from "@/lib/accounts";
import { mailPasswordLink } from "@/lib/accounts/mail";
import { defaultLocale } from "@/i18n/config";
import { EnvError } from "@/lib/env";
import { RuleError } from "@/lib/errors";
import { z } from "zod";
import { runCommand, withConfiguredDatabase } from "./lib/command";

async function main() {
  const { values } = parseArgs({
    options: {
      email: { type: "string" },
      name: { type: "string" },
      enable: { type: "boolean", default: false },
    },
    allowPositionals: false,
  });
  if (!values.email) {
    throw new EnvError('Name the admin: npm run admin:create -- --email "you@example.com"');
  }
  const email = values.email;
  await withConfiguredDatabase(async (handle, config) => {
    const { user, link, created, enabled, locale } = await createAdmin(
      handle.db,
      { email, name: values.name ?? "" },
      new Date(),
      { enable: values.enable },
    );
    const base = config.nextAuthUrl ?? "http://localhost:3000";
    const url = passwordLinkUrl(base, link.token);
    console.log(
      created
        ? `Created the admin ${user.email} on ${handle.location}.`
        : enabled
          ? `Enabled the admin ${user.email} on ${handle.location} (their sessions from before ended); here is a new link.`
          : `${user.email} is already an admin on ${handle.location}; here is a new link.`,
    );
    console.log(`Set the password within 24 hours (until ${link.expiresAt.toISOString()}), once:`);
    console.log(`\n  ${url}\n`);
    if (!config.nextAuthUrl) {
      console.log("(NEXTAUTH_URL is not set, so the link assumes http://localhost:3000.)");
    }
    const mailed = await mailPasswordLink(user.email, url, "setup", locale ?? defaultLocale);
    if (mailed === "sent") console.log(`The link was also e-mailed to ${user.email}.`);
    if (mailed === "failed")
      console.log("E-mailing the link failed (see above); use the link shown.");
  });
}

runCommand(main, (error) => {
  if (error instanceof RuleError) return error.message;
  if (error instanceof z.ZodError) {
    return `admin:create: ${error.issues.map((i) => `${i.path.join(".")}: ${i.message === "validation.email" ? "not an email address" : i.message}`).join("; ")}`;
  }
  return undefined;
});
