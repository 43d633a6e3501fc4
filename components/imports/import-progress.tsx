"use client";
import { useEffect, useState } from "react";
import { useFormatter, useTranslations } from "next-intl";
import { importPace, type ImportView } from "@/lib/imports/view";
import { sayArgs } from "@/lib/imports/say";

const finished = new Set(["done", "failed", "cancelled"]);

/**
 * An import's progress, polled every second until it ends: the bar (bytes read of the file),
 * rows done, the rate and the time left, and what became of the rows so far.
 */
export function ImportProgress({ initial }: { initial: ImportView }) {
  const t = useTranslations("imports");
  const said = useTranslations("importMessages");
  const format = useFormatter();
  const [view, setView] = useState(initial);
  // Polled every second until it ends; a failed poll is simply tried again a second later. A
  // failed import that is to be tried again is watched every 10 seconds until it runs.
  useEffect(() => {
    if (finished.has(view.status) && !view.retrying) return;
    const timer = setTimeout(
      async () => {
        try {
          const response = await fetch(`/admin/imports/${initial.id}/status`);
          if (response.ok) setView((await response.json()) as ImportView);
          else setView((v) => ({ ...v }));
        } catch {
          setView((v) => ({ ...v }));
        }
      },
      view.retrying ? 10_000 : 1_000,
    );
    return () => clearTimeout(timer);
  }, [view, initial.id]);
  const { rate, left } = importPace(view);
  const share = view.bytes > 0 ? view.bytesDone / view.bytes : 0;
  const n = (value: number) => format.number(value);
  return (
    <section className="panel stack" aria-labelledby="progress-title" data-testid="import-progress">
      <h2 id="progress-title">{t("progress")}</h2>
      <p aria-live="polite" data-testid="import-status">
        <strong>{t(`statuses.${view.status}`)}</strong>
        {view.error && (
          <span className="error-text">
            {" "}
            — {view.errorSaid ? said(...sayArgs(view.errorSaid)) : view.error}
          </span>
        )}
      </p>
      <progress
        className="bar"
        max={1}
        value={view.status === "done" ? 1 : share}
        aria-label={t("progress")}
        aria-valuetext={format.number(view.status === "done" ? 1 : share, { style: "percent" })}
      />
      <dl className="figures">
        <div>
          <dt>{t("rowsDone")}</dt>
          <dd className="num" data-testid="rows-done">
            {n(view.rows)}
          </dd>
        </div>
        <div>
          <dt>{t("rate")}</dt>
          <dd className="num">{rate ? t("perSecond", { rate: Math.round(rate) }) : "—"}</dd>
        </div>
        <div>
          <dt>{t("timeLeft")}</dt>
          <dd className="num">
            {left !== undefined ? t("seconds", { seconds: Math.ceil(left) }) : "—"}
          </dd>
        </div>
        <div>
          <dt>{t("accepted")}</dt>
          <dd className="num" data-testid="accepted">
            {n(view.accepted)}
          </dd>
        </div>
        <div>
          <dt>{t("duplicates")}</dt>
          <dd className="num" data-testid="duplicates">
            {n(view.duplicates)}
          </dd>
        </div>
        <div>
          <dt>{t("rejected")}</dt>
          <dd className="num" data-testid="rejected">
            {n(view.rejected)}
          </dd>
        </div>
      </dl>
      {view.rejected > 0 && (
        <p>
          <a href={`/admin/imports/${view.id}/rejected`} download>
            {t("downloadRejected", { count: view.rejected })}
          </a>
        </p>
      )}
    </section>
  );
}
