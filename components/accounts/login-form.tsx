"use client";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { fieldsOf, InputField } from "@/components/ui/field";
import { useHydrated } from "@/components/ui/use-hydrated";
import { signInWithPassword, signInWithProvider } from "@/lib/auth/client";

type Props = {
  callbackUrl: string;
  initialError?: string;
  initialNotice?: "passwordSet";
  sso?: { id: string; name: string };
};

function messageKey(error: string | undefined) {
  if (!error) return undefined;
  if (error === "RateLimited") return "rateLimited" as const;
  if (error === "TemporaryPasswordExpired") return "expired" as const;
  if (error === "NotInvited" || error === "AccessDenied") return "notInvited" as const;
  if (error === "CredentialsSignin") return "invalid" as const;
  if (error === "EmailUnverified") return "emailUnverified" as const;
  if (error === "AccountMismatch") return "accountMismatch" as const;
  return "failed" as const;
}

export function LoginForm({ callbackUrl, initialError, initialNotice, sso }: Props) {
  const t = useTranslations("login");
  const [error, setError] = useState(messageKey(initialError));
  const [pending, setPending] = useState(false);
  // Signing in is the script's: before it runs, a submitted form would be the browser's own,
  // sent nowhere useful.
  const hydrated = useHydrated();
  // Sign-in names no field in its errors: a failure is one message for the whole form.
  const field = fieldsOf("login", {});

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(undefined);
    const failure = await signInWithPassword(
      String(form.get("email") ?? ""),
      String(form.get("password") ?? ""),
    ).catch(() => "failed");
    if (failure === null) {
      window.location.assign(callbackUrl);
      return;
    }
    setPending(false);
    setError(messageKey(failure));
  }

  return (
    <form
      className="stack"
      // Never GET: a form sent before the script runs must not put the password in the address
      // (the browser's history, the server's and proxies' logs).
      method="post"
      onSubmit={onSubmit}
      noValidate
      aria-describedby={error ? "login-error" : undefined}
    >
      <h1>{t("title")}</h1>
      <p className="muted">{t("intro")}</p>
      <div aria-live="polite">
        {initialNotice && !error && <p className="notice">{t(initialNotice)}</p>}
        {error && (
          <p id="login-error" className="notice error" role="alert">
            {t(error)}
          </p>
        )}
      </div>
      {(
        [
          ["email", "username"],
          ["password", "current-password"],
        ] as const
      ).map(([name, autoComplete]) => (
        <InputField
          key={name}
          {...field(name, name)}
          label={t(name)}
          type={name}
          autoComplete={autoComplete}
          required
        />
      ))}
      <button type="submit" disabled={pending || !hydrated}>
        {pending ? t("submitting") : t("submit")}
      </button>
      {sso && (
        <>
          <p className="muted">{t("or")}</p>
          <button
            type="button"
            className="secondary"
            disabled={!hydrated}
            onClick={() => void signInWithProvider(sso.id, callbackUrl)}
          >
            {t("sso", { provider: sso.name })}
          </button>
        </>
      )}
    </form>
  );
}
