import "server-only";
/**
 * E-mails a one-time password link through the SMTP server of SMTP_URL (nodemailer). Without
 * SMTP_URL nothing is sent and the admin hands the link over themselves.
 */
import nodemailer from "nodemailer";
import { env } from "@/lib/env";
import { PASSWORD_LINK_HOURS } from "./index";

export type MailOutcome = "sent" | "not_configured" | "failed";

export async function mailPasswordLink(
  to: string,
  url: string,
  purpose: "setup" | "reset",
): Promise<MailOutcome> {
  const smtp = env().smtp;
  if (!smtp) return "not_configured";
  const transport = nodemailer.createTransport(smtp.url);
  const subject =
    purpose === "reset" ? "Set a new Firstparty password" : "Set your Firstparty password";
  const text = [
    purpose === "reset"
      ? "An administrator reset your Firstparty password. Choose a new one here:"
      : "Choose the password for your Firstparty account here:",
    "",
    url,
    "",
    `The link works once, for ${PASSWORD_LINK_HOURS} hours. If you did not expect it, tell your administrator.`,
  ].join("\n");
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
