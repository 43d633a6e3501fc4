/**
 * Password links through a real SMTP server (smtp-server) that offers no STARTTLS: plain SMTP is
 * used only to a relay on this host, anywhere else the link is not sent rather than sent in clear.
 */
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mailPasswordLink } from "./mail";

const received: string[] = [];
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
      stream.on("data", () => undefined);
      stream.on("end", () => {
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
    expect(await mailPasswordLink("ada@example.com", link, "reset", { url, from })).toBe("sent");
    expect(received).toContain("127.0.0.1 ada@example.com");
    // The URL's user and password arrive as written, escapes and all.
    const withLogin = `smtp://mailer:p%40ss%3Aw%2Frd@127.0.0.1:${ports.get("127.0.0.1")}`;
    expect(await mailPasswordLink("ada@example.com", link, "reset", { url: withLogin, from })).toBe(
      "sent",
    );
    expect(signedIn).toEqual(["mailer p@ss:w/rd"]);
  });

  it("refuses to send to another host that offers no STARTTLS, unless the URL allows it", async () => {
    const url = `smtp://127.0.0.2:${ports.get("127.0.0.2")}`;
    const before = received.length;
    expect(await mailPasswordLink("grace@example.com", link, "setup", { url, from })).toBe(
      "failed",
    );
    expect(received).toHaveLength(before);
    const allowed = `${url}?requireTLS=false`;
    expect(await mailPasswordLink("grace@example.com", link, "setup", { url: allowed, from })).toBe(
      "sent",
    );
    expect(received).toContain("127.0.0.2 grace@example.com");
  });
});
