import type pg from 'pg';
import type { z } from 'zod';
import { toDatabaseError } from './classify-error.ts';
import { DatabaseQueryError } from './errors.ts';

/** A pool or a checked-out client: anything that can run one query. */
export type Queryable = Pick<pg.Pool, 'query'>;

/** Runs one statement; pg's errors come out as this package's typed errors. */
export async function execute(db: Queryable, text: string, params: unknown[] = []): Promise<pg.QueryResult> {
  try {
    return await db.query(text, params);
  } catch (error) {
    throw toDatabaseError(error);
  }
}

/** Runs one statement and parses every returned row with `rowSchema`. */
export async function queryRows<Schema extends z.ZodType>(
  db: Queryable,
  rowSchema: Schema,
  text: string,
  params: unknown[] = [],
): Promise<z.output<Schema>[]> {
  const result = await execute(db, text, params);
  return result.rows.map((row) => {
    const parsed = rowSchema.safeParse(row);
    if (!parsed.success) {
      throw new DatabaseQueryError(`unexpected row shape: ${parsed.error.message}`, undefined, {
        cause: parsed.error,
      });
    }
    return parsed.data;
  });
}

/** Like queryRows, for statements that return at most one row. */
export async function queryOptionalRow<Schema extends z.ZodType>(
  db: Queryable,
  rowSchema: Schema,
  text: string,
  params: unknown[] = [],
): Promise<z.output<Schema> | null> {
  const rows = await queryRows(db, rowSchema, text, params);
  return rows[0] ?? null;
}

/** pg would turn a JS array into a Postgres array literal; jsonb parameters must be sent as JSON text. */
export function toJsonParam(value: unknown): string {
  return JSON.stringify(value);
}
