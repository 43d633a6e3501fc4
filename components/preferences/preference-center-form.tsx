"use client";
import { useTranslations } from "next-intl";
import { InputField, TextAreaField } from "@/components/ui/field";
import { ActionForm, type FormAction } from "@/components/ui/form";
import type { FormState } from "@/lib/form-state";
import type { PreferenceCenterSettings } from "@/lib/preferences/schema";

/** The preference page's words, colour, logo and the sites that may embed it. */
export function PreferenceCenterForm({
  action,
  settings,
}: {
  action: FormAction<FormState>;
  settings: PreferenceCenterSettings;
}) {
  const t = useTranslations("preferenceCenterAdmin");
  return (
    <ActionForm action={action} id="pc" title={t("settings")} saved={t("saved")} submit={t("save")}>
      {(field) => (
        <>
          <InputField
            {...field("companyName", "pc-company")}
            label={t("companyName")}
            hint={t("companyNameHint")}
            defaultValue={settings.companyName}
          />
          {(["introEn", "introDe"] as const).map((name) => (
            <TextAreaField
              key={name}
              {...field(name, `pc-${name === "introEn" ? "intro-en" : "intro-de"}`)}
              label={t(name)}
              hint={t("introHint")}
              defaultValue={settings[name]}
              rows={3}
            />
          ))}
          <InputField
            {...field("accentColor", "pc-accent")}
            label={t("accentColor")}
            hint={t("accentColorHint")}
            type="color"
            defaultValue={settings.accentColor}
          />
          <InputField
            {...field("logo", "pc-logo")}
            label={t("logo")}
            hint={t("logoHint")}
            type="file"
            accept="image/png,image/jpeg,image/webp,image/svg+xml"
          />
          {settings.logo && (
            <label className="check">
              <input type="checkbox" name="removeLogo" /> {t("removeLogo")}
            </label>
          )}
          <TextAreaField
            {...field("embedOrigins", "pc-origins")}
            label={t("embedOrigins")}
            hint={t("embedOriginsHint")}
            defaultValue={settings.embedOrigins.join("\n")}
            rows={3}
          />
        </>
      )}
    </ActionForm>
  );
}
