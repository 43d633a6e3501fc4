"use client";
import { useTranslations } from "next-intl";
import { InputField, TextAreaField } from "@/components/ui/field";
import { ActionForm, type FormAction } from "@/components/ui/form";
import type { FormState } from "@/lib/form-state";
import { germanFieldOf, translatedFields, type TranslatedField } from "@/lib/purposes/diff";

type Texts = Record<TranslatedField | `${TranslatedField}De`, string>;

const labels = {
  customerTitle: "germanTitle",
  customerDescription: "germanDescription",
  customerValue: "germanValue",
} as const;

/**
 * One purpose's name on German dashboards and its customer texts in German, each beside its English original; an empty one leaves
 * German readers with the English text. Saving makes a new version of the purpose.
 */
export function PurposeGermanForm({
  action,
  purpose,
}: {
  action: FormAction<FormState<{ version: number }>>;
  purpose: { key: string; name: string; nameDe: string; version: number } & Texts;
}) {
  const t = useTranslations("preferenceCenterAdmin");
  const english = (text: string) => t("english", { text: text || t("englishEmpty") });
  return (
    <ActionForm
      action={action}
      id={`de-${purpose.key}`}
      title={purpose.name}
      heading="h3"
      saved={(state) => t("germanSaved", { version: state.result?.version ?? purpose.version })}
      failed={(state) => (state.message === "conflict" ? t("germanConflict") : t("fixErrors"))}
      submit={t("saveGerman")}
    >
      {(field) => (
        <>
          <input type="hidden" name="version" value={purpose.version} />
          <InputField
            {...field("nameDe")}
            label={t("germanName")}
            hint={`${t("germanNameHint")} ${english(purpose.name)}`}
            defaultValue={purpose.nameDe}
            lang="de"
          />
          {translatedFields.map((f) => {
            const props = {
              ...field(germanFieldOf[f]),
              label: t(labels[f]),
              hint: english(purpose[f]),
              defaultValue: purpose[germanFieldOf[f]],
              lang: "de",
            };
            return f === "customerTitle" ? (
              <InputField key={f} {...props} />
            ) : (
              <TextAreaField key={f} {...props} rows={3} />
            );
          })}
        </>
      )}
    </ActionForm>
  );
}
