"use client";
import { Fragment } from "react";
import { useFormatter, useTranslations } from "next-intl";
import { DataCategoryFieldset } from "@/components/ui/data-category-fieldset";
import {
  echoFieldsOf,
  fieldsWithErrors,
  InputField,
  SelectField,
  TextAreaField,
} from "@/components/ui/field";
import { FormStatus, useFormAction, useRevealed, type FormAction } from "@/components/ui/form";
import { foldFieldErrors } from "@/components/ui/fold-errors";
import type { SourceFormState } from "@/lib/form-state";
import type { DataSource } from "@/lib/sources";
import { sourceDifferences, type SourceFormField } from "@/lib/sources/form";
import { formatDay, formatNumber, NO_VALUE, formatMoment } from "@/components/ui/format";
import {
  partyValues as parties,
  sourceCategoryValues as sourceCategories,
  sourceChannelValues as sourceChannels,
} from "@/lib/enums";

type Values = Partial<Omit<DataSource, "createdAt">>;

/**
 * Create and edit form of a data source, with field errors under each field. An edit names the
 * stamp of the source it was opened on; when another admin saved it meanwhile, the editor's
 * input stays and the saved values that differ from it are shown above.
 */
export function SourceForm({
  mode,
  action,
  initial,
}: {
  mode: "create" | "edit";
  action: FormAction<SourceFormState>;
  initial?: Values;
}) {
  const t = useTranslations("sources");
  const ta = useTranslations("sourcesAdmin");
  const { state, formAction, pending, submitRef, errors: given } = useFormAction(action);
  // A refused item of the linked purposes (`linkedPurposes.3`) under its field; the hidden
  // updatedAt's as the whole form's.
  const errors = foldFieldErrors(given, ["updatedAt"]);
  // No party is chosen for the admin: it decides the headline share, so a source added in
  // haste must not count as first-party by default.
  const values: Values = {
    category: "website",
    channel: "online",
    dataCategories: [],
    ...initial,
    ...(state.result?.values as Values | undefined),
  };
  const field = echoFieldsOf("source", errors, values);
  const conflict = state.result?.conflict;
  const formKey = JSON.stringify([state.status, values.updatedAt]);

  return (
    <form className="stack wide" action={formAction} noValidate>
      <FormStatus
        state={state}
        failed={conflict ? undefined : ta("errorSummary", { count: fieldsWithErrors(errors) })}
        saved={ta("saved")}
      >
        {conflict && <SourceConflict current={conflict} submitted={values} />}
      </FormStatus>
      {/* Built again with the values the server handed back; the status and button stay. */}
      <div className="form-fields" key={formKey}>
        {mode === "create" ? (
          <InputField {...field("key")} label={t("key")} hint={ta("keyHint")} autoComplete="off" />
        ) : (
          <input type="hidden" name="updatedAt" value={values.updatedAt ?? ""} />
        )}
        <InputField {...field("name")} label={t("name")} />
        <div className="field-row">
          <SelectField
            {...field("party")}
            label={t("party")}
            empty={values.party ? undefined : ta("chooseParty")}
            options={parties}
            optionLabel={(p) => t(`parties.${p}`)}
          />
          <SelectField
            {...field("category")}
            label={t("category")}
            options={sourceCategories}
            optionLabel={(c) => t(`categories.${c}`)}
          />
          <SelectField
            {...field("channel")}
            label={t("channel")}
            options={sourceChannels}
            optionLabel={(c) => t(`channels.${c}`)}
          />
        </div>
        <div className="field-row">
          <InputField {...field("monthlyVolume")} label={t("volume")} inputMode="numeric" />
          <InputField {...field("activeFrom")} label={t("activeFrom")} type="date" />
          <InputField {...field("retiredAt")} label={t("retiredAt")} type="date" />
        </div>
        <DataCategoryFieldset
          {...field("dataCategories")}
          legend={t("dataCategories")}
          selected={values.dataCategories}
        />
        <div className="checks">
          <label>
            <input type="checkbox" name="cookieBased" defaultChecked={values.cookieBased} />{" "}
            {t("cookieBased")}
          </label>
        </div>
        <InputField
          {...field("linkedPurposes")}
          label={t("linkedPurposes")}
          hint={ta("linkedHint")}
        />
        <InputField {...field("ownerTeam")} label={t("ownerTeam")} />
        <TextAreaField {...field("notes")} label={t("notes")} rows={2} />
      </div>
      <button type="submit" disabled={pending} ref={submitRef}>
        {mode === "create" ? ta("create") : ta("save")}
      </button>
    </form>
  );
}

const labels: Record<SourceFormField, string> = {
  name: "name",
  party: "party",
  category: "category",
  channel: "channel",
  monthlyVolume: "volume",
  activeFrom: "activeFrom",
  retiredAt: "retiredAt",
  dataCategories: "dataCategories",
  cookieBased: "cookieBased",
  linkedPurposes: "linkedPurposes",
  ownerTeam: "ownerTeam",
  notes: "notes",
};

/** Another admin's save, made while this form was open: when, and where it differs from it. */
function SourceConflict({ current, submitted }: { current: DataSource; submitted: Values }) {
  const revealed = useRevealed<HTMLDivElement>();
  const t = useTranslations("sources");
  const ta = useTranslations("sourcesAdmin");
  const tp = useTranslations("purposes");
  const format = useFormatter();
  const differing = sourceDifferences(current, submitted);
  const shown = (f: SourceFormField): string => {
    const list = (items: string[]) => items.join(", ") || NO_VALUE;
    switch (f) {
      case "party":
        return t(`parties.${current.party}`);
      case "category":
        return t(`categories.${current.category as "crm"}`);
      case "channel":
        return t(`channels.${current.channel}`);
      case "monthlyVolume":
        return formatNumber(format, current.monthlyVolume);
      case "activeFrom":
      case "retiredAt":
        return current[f] ? formatDay(format, current[f]) : NO_VALUE;
      case "dataCategories":
        return list(current.dataCategories.map((c) => tp(`categories.${c}`)));
      case "cookieBased":
        return current.cookieBased ? t("yes") : t("no");
      case "linkedPurposes":
        return list(current.linkedPurposes);
      default:
        return current[f] || NO_VALUE;
    }
  };
  return (
    <div className="notice error" role="status" data-testid="source-conflict" ref={revealed}>
      <p>
        {ta("conflict", {
          time: formatMoment(format, current.updatedAt),
        })}
      </p>
      {differing.length === 0 ? (
        <p>{ta("conflictSame")}</p>
      ) : (
        <>
          <h3>{ta("conflictValues")}</h3>
          <dl className="pairs">
            {differing.map((f) => (
              <Fragment key={f}>
                <dt>{t(labels[f] as "name")}</dt>
                <dd>{shown(f)}</dd>
              </Fragment>
            ))}
          </dl>
        </>
      )}
    </div>
  );
}
