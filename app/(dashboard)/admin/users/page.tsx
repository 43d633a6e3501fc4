import { pageTitle } from "@/components/ui/page-title";
import { ClientMessages } from "@/components/i18n/client-messages";
import { DataTable } from "@/components/ui/data-table";
import type { PageSearchParams } from "@/lib/filters/core";
import { getFormatter, getTranslations } from "next-intl/server";
import { requireRole } from "@/lib/auth/session";
import { listUsers } from "@/lib/users";
import { InviteForm } from "@/components/users/invite-form";
import { UserRoleForm, UserRowActions } from "@/components/users/user-row-actions";
import {
  changeRoleAction,
  inviteUserAction,
  resetPasswordAction,
  setDisabledAction,
} from "./actions";
import { formatMoment } from "@/components/ui/format";

const rowActions = { setDisabled: setDisabledAction, resetPassword: resetPasswordAction };
/** Sorted by status: those that need the admin (an invitation run out) first. */
const statusOrder = ["invitationExpired", "invitedUntil", "mustSetPassword", "enabled", "disabled"];

export const generateMetadata = pageTitle((t) => t("nav.users"));

export default async function UsersPage({ searchParams }: { searchParams: PageSearchParams }) {
  const { user: me, db } = await requireRole("admin", "/admin/users");
  const t = await getTranslations();
  const format = await getFormatter();
  const users = await listUsers(db, new Date());
  return (
    // One provider for the row actions and the invite form (their errors name validation keys).
    <ClientMessages namespaces={["users", "roles", "validation"]}>
      <h1>{t("users.title")}</h1>
      <p className="lead">{t("users.intro")}</p>
      <DataTable
        id="users"
        rows={users}
        params={await searchParams}
        path="/admin/users"
        defaultSort="email"
        pageSize={100}
        findLabel={t("users.find")}
        find={(u) => `${u.email} ${u.name}`}
        rowKey={(u) => u.id}
        rowProps={(u) => ({ "data-testid": `user-row-${u.email}` })}
        columns={[
          { id: "email", header: t("users.email"), text: (u) => u.email },
          { id: "name", header: t("users.name"), text: (u) => u.name },
          {
            // Changed where it is shown; an admin's own role is not theirs to change here.
            id: "role",
            header: t("users.role"),
            sort: (u) => t(`roles.${u.role}`),
            cellProps: () => ({ "data-testid": "user-role" }),
            cell: (u) =>
              u.id === me.id ? (
                t(`roles.${u.role}`)
              ) : (
                <UserRoleForm
                  userId={u.id}
                  email={u.email}
                  role={u.role}
                  action={changeRoleAction}
                />
              ),
          },
          {
            id: "status",
            header: t("users.status"),
            sort: (u) => statusOrder.indexOf(u.account.status),
            cell: ({ account: a }) =>
              "until" in a
                ? t(`users.${a.status}`, { until: formatMoment(format, a.until) })
                : t(`users.${a.status}`),
            cellProps: () => ({ "data-testid": "user-status" }),
          },
          {
            id: "lastSignIn",
            header: t("users.lastSignIn"),
            sort: (u) => u.lastSignInAt?.getTime() ?? null,
            cell: (u) => (u.lastSignInAt ? formatMoment(format, u.lastSignInAt) : t("users.never")),
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
