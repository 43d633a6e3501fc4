import { z } from "zod";
import { roleEnum } from "@/db/schema";

/** Who a new user is (an invited user or a first admin): the address in lower case and a name. */
export const newUserFields = {
  email: z
    .email("validation.email")
    .max(320)
    .transform((e) => e.toLowerCase()),
  name: z.string().trim().max(200, "validation.tooLong").default(""),
};

export const inviteUserSchema = z.object({
  ...newUserFields,
  role: z.enum(roleEnum.enumValues, "validation.roleRequired"),
});
export type InviteUserInput = z.input<typeof inviteUserSchema>;

export const changeRoleSchema = z.object({
  userId: z.uuid(),
  role: z.enum(roleEnum.enumValues, "validation.roleRequired"),
});

export const setDisabledSchema = z.object({
  userId: z.uuid(),
  disabled: z.boolean(),
});
