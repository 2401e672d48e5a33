import { afterEach, describe, expect, it } from 'vitest';
import { type Database, migrate } from '../src/index.ts';
import { migrations } from '../src/migrations/index.ts';
import { type Backend, backends, testLog } from './backends.ts';

const latest = migrations.map((migration) => migration.version);

describe.each(backends)('migrate on $name', (kind) => {
  let backend: Backend | undefined;
  const open: Database[] = [];

  afterEach(async () => {
    await Promise.all(open.splice(0).map((db) => db.close()));
    await backend?.dispose();
    backend = undefined;
  });

  const countApplied = async (db: Database) =>
    (await db.pool.query('SELECT version FROM schema_migrations ORDER BY version')).rows.map(
      (r) => r.version,
    );

  it('applies every migration once; running it again is a no-op', async () => {
    backend = await kind.create();
    const db = backend.open();
    open.push(db);
    expect(await migrate(db.pool, { log: testLog })).toEqual({ applied: latest });
    expect(await migrate(db.pool, { log: testLog })).toEqual({ applied: [] });
    expect(await countApplied(db)).toEqual(latest);
    const tables = await db.pool.query(
      `SELECT table_name FROM information_schema.tables
       WHERE table_schema = current_schema() ORDER BY table_name`,
    );
    expect(tables.rows.map((r) => r.table_name)).toEqual([
      'answer_recordings',
      'answers',
      'failed_writes',
      'interview_sessions',
      'schema_migrations',
      'transcript_turns',
      'users',
      'webhook_events',
    ]);
  });

  it('is safe when several processes migrate at the same time', async () => {
    backend = await kind.create();
    const first = backend.open();
    const pools = [first, backend.open(), backend.open()];
    open.push(...pools);
    const results = await Promise.all(pools.map((db) => migrate(db.pool, { log: testLog })));
    expect(results.map((r) => r.applied).sort()).toEqual([[], [], latest]);
    expect(await countApplied(first)).toEqual(latest);
  });

  it("moves interviews stored at the old 'not_started' phase to the domain's first phase, and refuses unknown ones", async () => {
    backend = await kind.create();
    const db = backend.open();
    open.push(db);
    const beforeDomainPhases = migrations.filter((migration) => migration.version < 6);
    await migrate(db.pool, { log: testLog, migrations: beforeDomainPhases });
    await db.pool.query(`INSERT INTO users (uid) VALUES ('uid-old')`);
    await db.pool.query(`INSERT INTO interview_sessions (user_id, room_name) VALUES ('uid-old', 'room-old')`);
    expect((await db.pool.query(`SELECT phase FROM interview_sessions`)).rows).toEqual([
      { phase: 'not_started' },
    ]);

    await migrate(db.pool, { log: testLog });
    expect((await db.interviews.getByRoom('room-old'))?.phase).toBe('profile');
    await expect(
      db.pool.query(`UPDATE interview_sessions SET phase = 'not_started' WHERE room_name = 'room-old'`),
    ).rejects.toThrow(/interview_sessions_phase_known/);
  });

  it('rolls back a failing migration entirely, so a fixed one can run later', async () => {
    backend = await kind.create();
    const db = backend.open();
    open.push(db);
    const broken = [
      ...migrations,
      {
        version: 1000,
        name: 'half_done',
        sql: 'CREATE TABLE half_done (id int); SELECT no_such_function();',
      },
    ];
    await expect(migrate(db.pool, { log: testLog, migrations: broken })).rejects.toMatchObject({
      name: 'DatabaseQueryError',
      message: expect.stringContaining('migration failed'),
    });
    const leftover = await db.pool.query(`SELECT to_regclass('half_done') AS t, to_regclass('users') AS u`);
    expect(leftover.rows[0]).toEqual({ t: null, u: null });
    expect(await migrate(db.pool, { log: testLog })).toEqual({ applied: latest });
  });
});
