"use client";
import { useTranslations } from "next-intl";
import { FormStatus, useFormAction, type FormAction } from "@/components/ui/form";
import type { ValuesState } from "@/lib/form-state";
import type { SegmentMapping } from "@/lib/segment/config";

const BLANK_ROWS = 3;

/** The Segment source's trait mapping, default region and data source, as one form. */
export function SegmentForm({
  action,
  current,
  sources,
}: {
  action: FormAction<ValuesState>;
  current: SegmentMapping;
  sources: { key: string; name: string }[];
}) {
  const t = useTranslations("imports");
  const tv = useTranslations("validation");
  const { state, formAction, pending, submitRef, errors } = useFormAction(action);
  const values = (state.result?.values as SegmentMapping | undefined) ?? current;
  const rows = [
    ...values.traits,
    ...Array.from({ length: BLANK_ROWS }, () => ({ trait: "", identifier: "", attribute: "" })),
  ];
  const messages = Object.entries(errors).flatMap(([path, list]) =>
    list.map((m) => {
      const [, index, field] = path.split(".");
      const text = tv.has(m.replace(/^validation\./, "") as "tooMany")
        ? tv(m.replace(/^validation\./, "") as "tooMany")
        : m;
      return index !== undefined && field
        ? t("segmentRowError", { row: Number(index) + 1, field, message: text })
        : text;
    }),
  );
  return (
    <form
      className="stack wide"
      action={formAction}
      noValidate
      key={JSON.stringify(values)}
      aria-labelledby="segment-mapping-title"
    >
      <FormStatus state={state} saved={t("segmentSaved")}>
        {messages.length > 0 && (
          <ul className="notice error" data-testid="segment-errors">
            {messages.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        )}
      </FormStatus>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{t("segmentTraits")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("trait")}</th>
              <th scope="col">{t("identifierType")}</th>
              <th scope="col">{t("attribute")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={i}>
                <td>
                  <input
                    name="trait"
                    defaultValue={row.trait}
                    aria-label={t("traitN", { n: i + 1 })}
                  />
                </td>
                <td>
                  <input
                    name="identifier"
                    defaultValue={row.identifier}
                    placeholder="email"
                    aria-label={t("identifierN", { n: i + 1 })}
                  />
                </td>
                <td>
                  <input
                    name="attribute"
                    defaultValue={row.attribute}
                    placeholder="contact.email"
                    aria-label={t("attributeN", { n: i + 1 })}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor="segment-region">{t("defaultRegion")}</label>
          <input
            id="segment-region"
            name="defaultRegion"
            defaultValue={values.defaultRegion}
            aria-describedby="segment-region-hint"
            maxLength={6}
          />
          <span id="segment-region-hint" className="hint">
            {t("defaultRegionHint")}
          </span>
        </div>
        <div className="field">
          <label htmlFor="segment-source">{t("segmentSource")}</label>
          <select id="segment-source" name="source" defaultValue={values.source}>
            <option value="">{t("noSource")}</option>
            {sources.map((s) => (
              <option key={s.key} value={s.key}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <button type="submit" disabled={pending} ref={submitRef}>
        {t("saveSegment")}
      </button>
    </form>
  );
}
