/**
 * Password links through a real SMTP server (smtp-server) that offers no STARTTLS: plain SMTP is
 * used only to a relay on this host, anywhere else the link is not sent rather than sent in clear.
 */
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mailPasswordLink, passwordMail } from "./mail";

const received: string[] = [];
/** Each message as it arrived, headers and body. */
const raw: string[] = [];
const signedIn: string[] = [];
const servers: SMTPServer[] = [];
const ports = new Map<string, number>();

async function plainServer(host: string): Promise<void> {
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onAuth(auth, _session, callback) {
      signedIn.push(`${auth.username} ${auth.password}`);
      callback(null, { user: auth.username });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        raw.push(Buffer.concat(chunks).toString("utf8"));
        received.push(`${host} ${session.envelope.rcptTo.map((r) => r.address).join(",")}`);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  servers.push(server);
  ports.set(host, (server.server.address() as AddressInfo).port);
}

const from = "Firstparty <firstparty@localhost>";
const link = "https://firstparty.example/set-password#t";

beforeAll(async () => {
  // 127.0.0.2 is this machine too, but not a name the mailer takes for it: it stands for a
  // relay across a network, whose STARTTLS offer someone on the path could strip.
  await plainServer("127.0.0.1");
  await plainServer("127.0.0.2");
});

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

describe("e-mailing a password link", () => {
  it("sends in plain SMTP to a relay on this host", async () => {
    const url = `smtp://127.0.0.1:${ports.get("127.0.0.1")}`;
    expect(await mailPasswordLink("ada@example.com", link, "reset", "en", { url, from })).toBe(
      "sent",
    );
    expect(received).toContain("127.0.0.1 ada@example.com");
    // The URL's user and password arrive as written, escapes and all.
    const withLogin = `smtp://mailer:p%40ss%3Aw%2Frd@127.0.0.1:${ports.get("127.0.0.1")}`;
    expect(
      await mailPasswordLink("ada@example.com", link, "reset", "en", { url: withLogin, from }),
    ).toBe("sent");
    expect(signedIn).toEqual(["mailer p@ss:w/rd"]);
  });

  it("refuses to send to another host that offers no STARTTLS, unless the URL allows it", async () => {
    const url = `smtp://127.0.0.2:${ports.get("127.0.0.2")}`;
    const before = received.length;
    expect(await mailPasswordLink("grace@example.com", link, "setup", "en", { url, from })).toBe(
      "failed",
    );
    expect(received).toHaveLength(before);
    const allowed = `${url}?requireTLS=false`;
    expect(
      await mailPasswordLink("grace@example.com", link, "setup", "en", { url: allowed, from }),
    ).toBe("sent");
    expect(received).toContain("127.0.0.2 grace@example.com");
  });

  it("writes in the user's language", async () => {
    const url = `smtp://127.0.0.1:${ports.get("127.0.0.1")}`;
    expect(await mailPasswordLink("jo@example.com", link, "reset", "de", { url, from })).toBe(
      "sent",
    );
    // Quoted-printable as sent, its soft line breaks joined again.
    const body = raw.at(-1)!.replace(/=\r\n/g, "");
    expect(body).toContain(link);
    expect(body).toContain("Der Link funktioniert einmal, 24 Stunden lang.");
    expect(body).not.toContain("The link works once");
  });
});

describe("the password mail's text", () => {
  it("says the link and how long it works, in English and German", () => {
    expect(passwordMail(link, "reset", "en")).toEqual({
      subject: "Set a new Firstparty password",
      text: [
        "An administrator reset your Firstparty password. Choose a new one here:",
        "",
        link,
        "",
        "The link works once, for 24 hours. If you did not expect it, tell your administrator.",
      ].join("\n"),
    });
    const german = passwordMail(link, "setup", "de");
    expect(german.subject).toBe("Ihr Passwort für Firstparty festlegen");
    expect(german.text.split("\n")).toEqual([
      "Wählen Sie hier das Passwort für Ihr Firstparty-Konto:",
      "",
      link,
      "",
      "Der Link funktioniert einmal, 24 Stunden lang. Wenn Sie ihn nicht erwartet haben, wenden Sie sich an die Administration.",
    ]);
  });
});
