"use client";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import type { Said } from "@/lib/imports/said";
import { sayArgs } from "@/lib/imports/say";

type Problem = { message: string; issues: string[] };

const MAX_BYTES = 200 * 1024 * 1024;

/**
 * Uploads a file as the body of one request (the server stores it in pieces as it arrives) and
 * opens its import page, where the columns are mapped and the first rows previewed.
 */
export function UploadForm({
  kinds,
  sources,
}: {
  kinds: readonly string[];
  sources: { key: string; name: string }[];
}) {
  const t = useTranslations("imports");
  const ti = useTranslations("importMessages");
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) {
      setProblem({ message: t("noFile"), issues: [] });
      return;
    }
    if (file.size > MAX_BYTES) {
      setProblem({ message: t("tooLarge"), issues: [] });
      return;
    }
    const format = /\.(ndjson|jsonl|json)$/i.test(file.name) ? "ndjson" : "csv";
    const query = new URLSearchParams({
      kind: String(form.get("kind")),
      format,
      name: file.name,
      source: String(form.get("source") ?? ""),
    });
    setPending(true);
    setProblem(null);
    try {
      const response = await fetch(`/admin/imports/upload?${query}`, {
        method: "POST",
        headers: { "content-type": format === "csv" ? "text/csv" : "application/x-ndjson" },
        body: file,
      });
      const body = (await response.json().catch(() => ({}))) as {
        id?: string;
        error?: string;
        issues?: { message: string; said?: Said }[];
      };
      if (!response.ok || !body.id) {
        // In the reader's language where the server said it by its catalog key.
        const issues = body.issues ?? [];
        const say = (i: (typeof issues)[number]) => (i.said ? ti(...sayArgs(i.said)) : i.message);
        const same = issues.find((i) => i.message === body.error);
        setProblem({
          // Several things wrong: a headline in the reader's language above them.
          message: same
            ? say(same)
            : issues.length > 1
              ? t("uploadRefused")
              : (body.error ?? t("uploadFailed")),
          issues: issues.filter((i) => i !== same).map(say),
        });
        return;
      }
      router.push(`/admin/imports/${body.id}`);
    } catch {
      setProblem({ message: t("uploadFailed"), issues: [] });
    } finally {
      setPending(false);
    }
  }

  return (
    <form className="stack" onSubmit={submit} aria-labelledby="upload-title" noValidate>
      <div className="field-row">
        <div className="field">
          <label htmlFor="import-kind">{t("kind")}</label>
          <select id="import-kind" name="kind" defaultValue="consent">
            {kinds.map((k) => (
              <option key={k} value={k}>
                {t(`kinds.${k as "consent"}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="import-source">{t("source")}</label>
          <select
            id="import-source"
            name="source"
            defaultValue=""
            aria-describedby="import-source-hint"
          >
            <option value="">{t("noSource")}</option>
            {sources.map((s) => (
              <option key={s.key} value={s.key}>
                {s.name}
              </option>
            ))}
          </select>
          <span id="import-source-hint" className="hint">
            {t("sourceHint")}
          </span>
        </div>
      </div>
      <div className="field">
        <label htmlFor="import-file">{t("file")}</label>
        <input
          id="import-file"
          name="file"
          type="file"
          accept=".csv,.txt,.tsv,.ndjson,.jsonl,text/csv,application/x-ndjson"
          aria-describedby="import-file-hint"
        />
        <span id="import-file-hint" className="hint">
          {t("fileHint")}
        </span>
      </div>
      <div aria-live="polite">
        {pending && <p className="notice">{t("uploading")}</p>}
        {problem && (
          <div className="notice error" role="alert">
            <p>{problem.message}</p>
            {problem.issues.length > 0 && (
              <ul>
                {problem.issues.map((issue) => (
                  <li key={issue}>{issue}</li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
      <button type="submit" disabled={pending}>
        {t("upload")}
      </button>
    </form>
  );
}
