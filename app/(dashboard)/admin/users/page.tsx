import { pageTitle } from "@/components/ui/page-title";
import { ClientMessages } from "@/components/i18n/client-messages";
import { Table } from "@/components/ui/table";
import { getFormatter, getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth/session";
import { listUsers } from "@/lib/users";
import { InviteForm } from "@/components/users/invite-form";
import { UserRowActions } from "@/components/users/user-row-actions";
import {
  changeRoleAction,
  inviteUserAction,
  resetPasswordAction,
  setDisabledAction,
} from "./actions";

const rowActions = {
  changeRole: changeRoleAction,
  setDisabled: setDisabledAction,
  resetPassword: resetPasswordAction,
};

export const generateMetadata = pageTitle("nav", "users");

export default async function UsersPage() {
  const { user: me, db } = await requireRole("admin", "/admin/users");
  const t = await getTranslations();
  const format = await getFormatter();
  const users = await listUsers(db);
  return (
    // One provider for the row actions and the invite form (their errors name validation keys).
    <ClientMessages namespaces={["users", "roles", "validation"]}>
      <h1>{t("users.title")}</h1>
      <p className="lead">{t("users.intro")}</p>
      <Table
        rows={users}
        rowKey={(u) => u.id}
        rowProps={(u) => ({ "data-testid": `user-row-${u.email}` })}
        columns={[
          { header: t("users.email"), cell: (u) => u.email },
          { header: t("users.name"), cell: (u) => u.name },
          {
            header: t("users.role"),
            cell: (u) => t(`roles.${u.role}`),
            cellProps: () => ({ "data-testid": "user-role" }),
          },
          {
            header: t("users.status"),
            cell: (u) =>
              u.disabled
                ? t("users.disabled")
                : u.mustChangePassword
                  ? t("users.mustSetPassword")
                  : t("users.enabled"),
            cellProps: () => ({ "data-testid": "user-status" }),
          },
          {
            header: t("users.lastSignIn"),
            cell: (u) =>
              u.lastSignInAt
                ? format.dateTime(u.lastSignInAt, { dateStyle: "medium", timeStyle: "short" })
                : t("users.never"),
          },
          {
            header: t("users.actions"),
            cell: (u) =>
              u.id === me.id ? (
                <span className="muted">({t("users.you")})</span>
              ) : (
                <UserRowActions
                  userId={u.id}
                  email={u.email}
                  role={u.role}
                  disabled={u.disabled}
                  actions={rowActions}
                />
              ),
          },
        ]}
      />
      <InviteForm action={inviteUserAction} />
    </ClientMessages>
  );
}
