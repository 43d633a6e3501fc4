import type { Metadata } from "next";
import { ClientMessages } from "@/components/i18n/client-messages";
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

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("nav"))("users") };
}

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
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("users.email")}</th>
              <th scope="col">{t("users.name")}</th>
              <th scope="col">{t("users.role")}</th>
              <th scope="col">{t("users.status")}</th>
              <th scope="col">{t("users.lastSignIn")}</th>
              <th scope="col">{t("users.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} data-testid={`user-row-${u.email}`}>
                <td>{u.email}</td>
                <td>{u.name}</td>
                <td data-testid="user-role">{t(`roles.${u.role}`)}</td>
                <td data-testid="user-status">
                  {u.disabled
                    ? t("users.disabled")
                    : u.mustChangePassword
                      ? t("users.mustSetPassword")
                      : t("users.enabled")}
                </td>
                <td>
                  {u.lastSignInAt
                    ? format.dateTime(u.lastSignInAt, { dateStyle: "medium", timeStyle: "short" })
                    : t("users.never")}
                </td>
                <td>
                  {u.id === me.id ? (
                    <span className="muted">({t("users.you")})</span>
                  ) : (
                    <UserRowActions
                      userId={u.id}
                      email={u.email}
                      role={u.role}
                      disabled={u.disabled}
                      actions={rowActions}
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <InviteForm action={inviteUserAction} />
    </ClientMessages>
  );
}
