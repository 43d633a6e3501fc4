import "server-only";
/**
 * E-mails a one-time password link through the SMTP server of SMTP_URL (nodemailer), encrypted
 * unless the server is on this host, in the user's language. Without SMTP_URL nothing is sent and the admin hands the
 * link over themselves.
 */
import nodemailer from "nodemailer";
import { createTranslator } from "use-intl/core";
import type { Locale } from "@/i18n/config";
import de from "@/messages/de.json";
import en from "@/messages/en.json";
import { env } from "@/lib/env";
import { PASSWORD_LINK_HOURS } from "./index";

export type MailOutcome = "sent" | "not_configured" | "failed";

const catalogs = { en, de };

const thisHost = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * SMTP_URL with the settings it does not give itself, as the URL parameters nodemailer reads
 * (given a URL, it reads nothing else): an smtp:// server not on this host must upgrade with
 * STARTTLS before the password and the link are sent, since someone on the network path could
 * strip its offer and read both (`?requireTLS=false` allows plain SMTP; smtps:// is encrypted
 * from the start); and a server that does not answer fails the admin's reset in seconds, not
 * nodemailer's minutes.
 */
function withDefaults(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  const defaults = {
    requireTLS: String(url.protocol === "smtp:" && !thisHost.has(url.hostname.toLowerCase())),
    connectionTimeout: "10000",
    greetingTimeout: "10000",
    socketTimeout: "20000",
  };
  for (const [name, value] of Object.entries(defaults))
    if (!url.searchParams.has(name)) url.searchParams.set(name, value);
  return url.toString();
}

/** The mail's subject and text in `locale`, the link on a line of its own. */
export function passwordMail(
  url: string,
  purpose: "setup" | "reset",
  locale: Locale,
): { subject: string; text: string } {
  const t = createTranslator({
    locale,
    messages: catalogs[locale] as typeof en,
    namespace: "passwordMail",
  });
  return {
    subject: purpose === "reset" ? t("subjectReset") : t("subjectSetup"),
    text: [t(purpose), "", url, "", t("validity", { hours: PASSWORD_LINK_HOURS })].join("\n"),
  };
}

/** E-mails the link in the user's language (`locale`); says whether it was sent. */
export async function mailPasswordLink(
  to: string,
  url: string,
  purpose: "setup" | "reset",
  locale: Locale,
  smtp = env().smtp,
): Promise<MailOutcome> {
  if (!smtp) return "not_configured";
  const transport = nodemailer.createTransport(withDefaults(smtp.url));
  const { subject, text } = passwordMail(url, purpose, locale);
  try {
    await transport.sendMail({ from: smtp.from, to, subject, text });
    return "sent";
  } catch (error) {
    console.error("could not e-mail a password link:", error);
    return "failed";
  } finally {
    transport.close();
  }
}
