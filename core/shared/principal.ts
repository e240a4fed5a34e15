/** Who is acting: a rep and the role the identity provider vouches for. The audit trail records it; access control decides with it. */
/** `marketing` sees leads, campaigns and their metrics company-wide, and no one's targets or commission. */
export const ROLES = ['rep', 'manager', 'admin', 'marketing'] as const;
export type Role = (typeof ROLES)[number];

/** The caller, as the identity provider vouches for them: a rep and a role. */
export interface Principal {
  readonly repId: string;
  readonly role: Role;
}
