"use client";
import { useTranslations } from "next-intl";
import { fieldsOf, InputField, TextAreaField } from "@/components/ui/field";
import { useFormAction, type FormAction } from "@/components/ui/form";
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
  const { state, formAction, pending, errors } = useFormAction(action);
  const field = fieldsOf("pc", errors);
  return (
    <form className="stack" action={formAction} noValidate aria-labelledby="pc-form-title">
      <h2 id="pc-form-title">{t("settings")}</h2>
      <div aria-live="polite">
        {state.status === "ok" && <p className="notice">{t("saved")}</p>}
      </div>
      <InputField
        {...field("companyName", "pc-company")}
        label={t("companyName")}
        hint={t("companyNameHint")}
        defaultValue={settings.companyName}
      />
      <TextAreaField
        {...field("introEn", "pc-intro-en")}
        label={t("introEn")}
        hint={t("introHint")}
        defaultValue={settings.introEn}
        rows={3}
      />
      <TextAreaField
        {...field("introDe", "pc-intro-de")}
        label={t("introDe")}
        hint={t("introHint")}
        defaultValue={settings.introDe}
        rows={3}
      />
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
      <button type="submit" disabled={pending}>
        {t("save")}
      </button>
    </form>
  );
}
