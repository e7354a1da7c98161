/** Role choices in Chinese, from the shared domain rules. */
import { ROLE_IDS, ROLE_NAMES, type RoleId } from '@rp/domain';

export const ROLE_OPTIONS: readonly { readonly value: RoleId; readonly label: string }[] = ROLE_IDS.map((role) => ({
  value: role,
  label: ROLE_NAMES[role],
}));
