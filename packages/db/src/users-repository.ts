import { z } from 'zod';
import { type Queryable, queryOptionalRow } from './query.ts';

const userRow = z
  .object({
    uid: z.string(),
    email: z.string().nullable(),
    display_name: z.string().nullable(),
    target_role: z.string().nullable(),
    experience_years: z.number().int().nullable(),
    created_at: z.date(),
    updated_at: z.date(),
  })
  .transform((row) => ({
    uid: row.uid,
    email: row.email,
    displayName: row.display_name,
    targetRole: row.target_role,
    experienceYears: row.experience_years,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }));

export type User = z.output<typeof userRow>;

const uid = z.string().min(1, 'uid must not be empty');

const upsertInput = z.object({
  uid,
  email: z.string().nullable().optional(),
  displayName: z.string().nullable().optional(),
});

const profileInput = z.object({
  displayName: z.string().trim().min(1).max(200),
  targetRole: z.string().trim().min(1).max(200),
  experienceYears: z.number().int().min(0).max(80),
});

export type UpsertUserInput = z.input<typeof upsertInput>;
export type UserProfile = z.input<typeof profileInput>;

export interface UsersRepository {
  /** Creates the user on first sign-in; later calls refresh the email and fill a missing display name. */
  upsert(input: UpsertUserInput): Promise<User>;
  get(uid: string): Promise<User | null>;
  /** Null when the user does not exist. */
  saveProfile(uid: string, profile: UserProfile): Promise<User | null>;
}

export function createUsersRepository(db: Queryable): UsersRepository {
  return {
    async upsert(input) {
      const { uid: id, email, displayName } = upsertInput.parse(input);
      // A name the user chose in their profile is not overwritten by the identity provider's.
      const user = await queryOptionalRow(
        db,
        userRow,
        `INSERT INTO users (uid, email, display_name) VALUES ($1, $2, $3)
         ON CONFLICT (uid) DO UPDATE SET
           email = COALESCE(EXCLUDED.email, users.email),
           display_name = COALESCE(users.display_name, EXCLUDED.display_name),
           updated_at = now()
         RETURNING *`,
        [id, email ?? null, displayName ?? null],
      );
      if (!user) throw new Error('upsert returned no row');
      return user;
    },

    async get(id) {
      return queryOptionalRow(db, userRow, 'SELECT * FROM users WHERE uid = $1', [uid.parse(id)]);
    },

    async saveProfile(id, profile) {
      const { displayName, targetRole, experienceYears } = profileInput.parse(profile);
      return queryOptionalRow(
        db,
        userRow,
        `UPDATE users SET display_name = $2, target_role = $3, experience_years = $4, updated_at = now()
         WHERE uid = $1 RETURNING *`,
        [uid.parse(id), displayName, targetRole, experienceYears],
      );
    },
  };
}
