import { z } from "zod";
import { storedText } from "@/lib/stored-text";
import { roleEnum } from "@/db/schema";

/** Who a new user is (an invited user or a first admin): the address in lower case and a name. */
export const newUserFields = {
  email: z
    .email("validation.email")
    .max(320)
    .transform((e) => e.toLowerCase()),
  name: storedText(200).default(""),
};

export const inviteUserSchema = z.object({
  ...newUserFields,
  role: z.enum(roleEnum.enumValues, "validation.roleRequired"),
});
export type InviteUserInput = z.input<typeof inviteUserSchema>;

/**
 * A user's id. PostgreSQL matches uuids in any case, so it is lower-cased here, as the database
 * gives it back: a check that compares it with the signer's own id sees the same user.
 */
/** A user's id as a form sends it back; one that is no id is no user (a forged field). */
export const userIdSchema = z.uuid("validation.notFound").transform((id) => id.toLowerCase());

export const changeRoleSchema = z.object({
  userId: userIdSchema,
  role: z.enum(roleEnum.enumValues, "validation.roleRequired"),
});

export const setDisabledSchema = z.object({
  userId: userIdSchema,
  disabled: z.boolean(),
});
