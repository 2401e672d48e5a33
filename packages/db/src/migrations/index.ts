import { initialSchema } from './001_initial_schema.ts';

export interface Migration {
  /** Strictly increasing; never renumber or edit a migration once released — add a new one. */
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [{ version: 1, name: 'initial_schema', sql: initialSchema }];
