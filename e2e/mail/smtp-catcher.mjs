/**
 * A real SMTP server for the end-to-end tests (smtp-server): accepts every message on
 * E2E_SMTP_PORT and writes it, raw, to E2E_MAIL_DIR, where a test reads what the app sent.
 */
import fs from "node:fs";
import path from "node:path";
import { SMTPServer } from "smtp-server";

const port = Number(process.env.E2E_SMTP_PORT ?? 3125);
const dir = process.env.E2E_MAIL_DIR ?? ".data/e2e-mail";
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir, { recursive: true });

let received = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onData(stream, session, callback) {
    const chunks = [];
    stream.on("data", (chunk) => chunks.push(chunk));
    stream.on("end", () => {
      const to = session.envelope.rcptTo.map((r) => r.address).join(",");
      const file = path.join(dir, `${Date.now()}-${++received}.eml`);
      fs.writeFileSync(file, `X-Envelope-To: ${to}\r\n${Buffer.concat(chunks).toString("utf8")}`);
      callback();
    });
  },
});
server.listen(port, "127.0.0.1", () => console.log(`test SMTP server on 127.0.0.1:${port}`));
const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
