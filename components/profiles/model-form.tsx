"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useActionState, useEffect, useState } from "react";
import { describedBy, FieldError } from "@/components/ui/field-error";
import { FormStatus } from "@/components/ui/form";
import { idle, type FormState } from "@/lib/form-state";
import type { JobView } from "@/lib/profiles/model";
import type { ImportMessageKey, Said } from "@/lib/imports/said";
import { sayArgs } from "@/lib/imports/say";
import { profileGroupValues as profileGroups } from "@/lib/enums";
import type { CompletenessModel } from "@/lib/profiles/schema";
import { decimalField } from "@/lib/decimal";
import { fetchJson } from "@/lib/query-client";
import { completenessModelQueryKey } from "@/lib/query-keys";

type Row = { group: string; name: string; weight: string };
type State = FormState<{ rows: Row[] }>;
type ModelResponse = { model: CompletenessModel; job: JobView | null };

/** The latest rescoring job, polled every second while it runs. */
export function RescoreProgress() {
  const t = useTranslations("profilesAdmin");
  const said = useTranslations("importMessages");
  const { data } = useQuery({
    queryKey: completenessModelQueryKey,
    queryFn: () => fetchJson<ModelResponse>("/api/v1/profiles/model"),
    refetchInterval: (query) => {
      const status = query.state.data?.job?.status;
      return status === "queued" || status === "running" ? 1000 : false;
    },
  });
  const job = data?.job;
  if (!job) return null;
  const busy = job.status === "queued" || job.status === "running";
  return (
    <section className="panel" aria-labelledby="rescore-title" data-testid="rescore-job">
      <h2 id="rescore-title">{t("rescoring")}</h2>
      <p role="status" data-status={job.status}>
        {t(`jobStatus.${job.status}`, {
          done: job.done,
          total: job.total,
          version: job.modelVersion,
        })}
      </p>
      <progress
        max={Math.max(1, job.total)}
        value={job.status === "done" ? Math.max(1, job.total) : job.done}
        aria-label={t("progress")}
        aria-busy={busy}
      />
      {job.error && (
        <p className="notice error">
          {job.errorSaid && said.has(job.errorSaid.key as ImportMessageKey)
            ? said(...sayArgs(job.errorSaid as Said))
            : job.error}
        </p>
      )}
    </section>
  );
}

export function ModelForm({
  action,
  rows: initial,
  version,
}: {
  action: (state: State, form: FormData) => Promise<State>;
  rows: Row[];
  version: number;
}) {
  const t = useTranslations("profilesAdmin");
  const tp = useTranslations("profiles");
  const format = useFormatter();
  const [state, formAction, pending] = useActionState<State, FormData>(action, idle);
  const [rows, setRows] = useState<Row[]>(initial);
  const queryClient = useQueryClient();
  // The rows the admin submitted stay in local state; on success the progress panel refreshes.
  useEffect(() => {
    if (state.status === "ok")
      void queryClient.invalidateQueries({ queryKey: completenessModelQueryKey });
  }, [state, queryClient]);
  const errors = state.fieldErrors ?? {};
  const total = rows.reduce((s, r) => s + weightOf(r), 0);
  const update = (i: number, patch: Partial<Row>) =>
    setRows((list) => list.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  return (
    <form className="stack fit" action={formAction} noValidate aria-labelledby="model-title">
      <h2 id="model-title">{t("model", { version })}</h2>
      <input type="hidden" name="version" value={version} />
      <FormStatus
        state={state}
        failed={state.message === "conflict" ? t("conflict") : t("fixErrors")}
        saved={t("saved")}
      />
      <FieldError id="model" errors={errors.attributes} />
      <div className="table-wrap">
        <table data-testid="model-table">
          <thead>
            <tr>
              <th scope="col">{t("group")}</th>
              <th scope="col">{t("attribute")}</th>
              <th scope="col">{t("weight")}</th>
              <th scope="col">{t("share")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => {
              const id = `m-${i}`;
              const label = `${row.group}.${row.name || "…"}`;
              return (
                <tr key={i}>
                  <td>
                    <select
                      name="group"
                      aria-label={t("groupOf", { row: i + 1 })}
                      value={row.group}
                      onChange={(e) => update(i, { group: e.target.value })}
                    >
                      {profileGroups.map((g) => (
                        <option key={g} value={g}>
                          {tp(`groups.${g}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input
                      name="name"
                      id={`${id}-name`}
                      aria-label={t("attributeOf", { row: i + 1 })}
                      value={row.name}
                      onChange={(e) => update(i, { name: e.target.value })}
                      aria-describedby={describedBy(`${id}-name`, errors[`attributes.${i}.name`])}
                    />
                    <FieldError id={`${id}-name`} errors={errors[`attributes.${i}.name`]} />
                  </td>
                  <td>
                    <input
                      name="weight"
                      id={`${id}-weight`}
                      inputMode="decimal"
                      aria-label={t("weightOf", { attribute: label })}
                      value={row.weight}
                      onChange={(e) => update(i, { weight: e.target.value })}
                      aria-describedby={describedBy(
                        `${id}-weight`,
                        errors[`attributes.${i}.weight`],
                      )}
                      style={{ width: "6rem" }}
                    />
                    <FieldError id={`${id}-weight`} errors={errors[`attributes.${i}.weight`]} />
                  </td>
                  <td>
                    {total > 0
                      ? format.number(weightOf(row) / total, {
                          style: "percent",
                          maximumFractionDigits: 1,
                        })
                      : "—"}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="secondary small"
                      aria-label={t("removeOf", { attribute: label })}
                      onClick={() => setRows((list) => list.filter((_, j) => j !== i))}
                    >
                      {t("remove")}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="toolbar">
        <button
          type="button"
          className="secondary"
          onClick={() => setRows((list) => [...list, { group: "identity", name: "", weight: "1" }])}
        >
          {t("add")}
        </button>
        <button type="submit" disabled={pending}>
          {t("save")}
        </button>
      </div>
      <p className="muted">{t("saveHint")}</p>
    </form>
  );
}

/** A row's weight as typed ("0,5" or "0.5"); 0 while it is not a number yet. */
function weightOf(row: Row): number {
  const weight = decimalField(row.weight);
  return weight !== undefined && Number.isFinite(weight) ? weight : 0;
}
