/**
 * The server's storage: sessions, failed sign-ins, acknowledgements and the
 * audit trail, in SQLite (a file in the data folder, embedded: the default)
 * or PostgreSQL (`--database postgres://…`: several instances share one).
 * One schema with versioned migrations, one data-access object with both
 * drivers behind Kysely; nothing else touches SQL.
 */
import {randomBytes} from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import {Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type Generated, type Migration, type MigrationProvider} from 'kysely'
import {KaiteiError} from '../errors.js'

interface SettingsTable {
  key: string
  value: string
}
interface SessionsTable {
  id: string
  user_name: string
  audience: string
  created_at: number
  expires_at: number
  address: string
}
interface FailuresTable {
  id: Generated<number>
  user_name: string
  address: string
  at: number
}
interface AcknowledgementsTable {
  user_name: string
  audience: string
  version: string
  at: number
  address: string
}
interface AuditTable {
  id: Generated<number>
  at: number
  kind: string
  user_name: string | null
  audience: string | null
  method: string | null
  path: string | null
  status: number | null
  bytes: number | null
  address: string | null
  detail: string | null
}
interface Schema {
  kaitei_settings: SettingsTable
  kaitei_sessions: SessionsTable
  kaitei_failed_sign_ins: FailuresTable
  kaitei_acknowledgements: AcknowledgementsTable
  kaitei_audit: AuditTable
}

type AuditRow = Omit<AuditTable, 'id'>

/** What the audit trail records. */
export type AuditKind = 'request' | 'sign-in' | 'sign-in-failed' | 'sign-out' | 'acknowledgement'

export interface AuditEntry {
  at: number
  kind: AuditKind
  user: string | null
  audience: string | null
  method?: string | null
  path?: string | null
  status?: number | null
  bytes?: number | null
  address: string | null
  detail?: string | null
}

export interface SessionRecord {
  user: string
  audience: string
  expiresAt: number
}

export interface Acknowledgement {
  user: string
  audience: string
  version: string
  at: number
}

export interface AuditQuery {
  since?: number
  until?: number
  user?: string
  kinds?: AuditKind[]
  limit?: number
}

/** The migrations, in order; each runs once per database (Kysely's migrator keeps the record). */
function migrations(kind: 'sqlite' | 'postgres'): Record<string, Migration> {
  // Whole milliseconds since 1970 need 64 bits; an audit row's id grows for ever.
  const time = kind === 'postgres' ? 'bigint' : 'integer'
  const serial = (table: any) => (kind === 'postgres' ? table.addColumn('id', 'bigserial', (c: any) => c.primaryKey()) : table.addColumn('id', 'integer', (c: any) => c.primaryKey().autoIncrement()))
  return {
    '0001-initial': {
      async up(db: Kysely<any>) {
        await db.schema.createTable('kaitei_settings').addColumn('key', 'text', (c) => c.primaryKey()).addColumn('value', 'text', (c) => c.notNull()).execute()
        await db.schema
          .createTable('kaitei_sessions')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('user_name', 'text', (c) => c.notNull())
          .addColumn('audience', 'text', (c) => c.notNull())
          .addColumn('created_at', time, (c) => c.notNull())
          .addColumn('expires_at', time, (c) => c.notNull())
          .addColumn('address', 'text', (c) => c.notNull())
          .execute()
        await db.schema.createIndex('kaitei_sessions_user').on('kaitei_sessions').column('user_name').execute()
        await serial(db.schema.createTable('kaitei_failed_sign_ins'))
          .addColumn('user_name', 'text', (c: any) => c.notNull())
          .addColumn('address', 'text', (c: any) => c.notNull())
          .addColumn('at', time, (c: any) => c.notNull())
          .execute()
        await db.schema.createIndex('kaitei_failed_sign_ins_at').on('kaitei_failed_sign_ins').column('at').execute()
        await db.schema
          .createTable('kaitei_acknowledgements')
          .addColumn('user_name', 'text', (c) => c.notNull())
          .addColumn('audience', 'text', (c) => c.notNull())
          .addColumn('version', 'text', (c) => c.notNull())
          .addColumn('at', time, (c) => c.notNull())
          .addColumn('address', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('kaitei_acknowledgements_pk', ['user_name', 'audience', 'version'])
          .execute()
        await serial(db.schema.createTable('kaitei_audit'))
          .addColumn('at', time, (c: any) => c.notNull())
          .addColumn('kind', 'text', (c: any) => c.notNull())
          .addColumn('user_name', 'text')
          .addColumn('audience', 'text')
          .addColumn('method', 'text')
          .addColumn('path', 'text')
          .addColumn('status', 'integer')
          .addColumn('bytes', time)
          .addColumn('address', 'text')
          .addColumn('detail', 'text')
          .execute()
        await db.schema.createIndex('kaitei_audit_at').on('kaitei_audit').column('at').execute()
      }
    }
  }
}

class StaticMigrations implements MigrationProvider {
  constructor(private readonly list: Record<string, Migration>) {}
  async getMigrations() {
    return this.list
  }
}

export interface StoreOptions {
  /** `postgres://…` or `postgresql://…`; otherwise SQLite in `dataDir`. */
  database?: string
  /** The data folder: SQLite's file `kaitei.sqlite` lives here. */
  dataDir: string
}

/**
 * A database driver, installed beside kaitei only where it serves: a
 * policy repository that only builds and diffs never compiles SQLite.
 */
async function driver<T = any>(name: 'pg' | 'better-sqlite3', install: string): Promise<T> {
  try {
    return (await import(name)) as T
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error
    throw new KaiteiError(
      'Cannot find the database driver `' + name + '`, expected it installed beside kaitei to serve (npm install ' + install + ')',
      'E_SERVE_DATABASE'
    )
  }
}

/** The one data-access object: every query the server and `kaitei audit` make. */
export class Store {
  readonly kind: 'sqlite' | 'postgres'
  readonly db: Kysely<Schema>
  /** Where: the SQLite file, or the PostgreSQL URL without its password. */
  readonly where: string

  /**
   * SQLite's audit insert, prepared once: the audit trail takes a row per
   * request, and compiling a query per batch cost more than writing it.
   */
  private auditInsert: ((rows: readonly AuditRow[]) => void) | undefined

  private constructor(kind: 'sqlite' | 'postgres', db: Kysely<Schema>, where: string) {
    this.kind = kind
    this.db = db
    this.where = where
  }

  /** Open (creating and migrating as needed) the database. */
  static async open(options: StoreOptions): Promise<Store> {
    let store: Store
    if (options.database && /^postgres(ql)?:\/\//.test(options.database)) {
      const pg = await driver('pg', 'pg@8')
      const Pool = (pg.default ?? pg).Pool
      // bigint columns come back as numbers: milliseconds and byte counts stay below 2^53.
      ;(pg.default ?? pg).types.setTypeParser(20, (value: string) => Number(value))
      const pool = new Pool({connectionString: options.database, max: 10})
      store = new Store('postgres', new Kysely<Schema>({dialect: new PostgresDialect({pool})}), options.database.replace(/:[^:@/]*@/, ':***@'))
    } else if (options.database) {
      throw new KaiteiError('Unexpected --database `' + options.database + '`, expected a postgres://user@host/db URL (without it, SQLite in the data folder)', 'E_SERVE_DATABASE')
    } else {
      fs.mkdirSync(options.dataDir, {recursive: true, mode: 0o700})
      const file = path.join(options.dataDir, 'kaitei.sqlite')
      const {default: Database} = await driver('better-sqlite3', 'better-sqlite3@12')
      const database = new Database(file)
      database.pragma('journal_mode = WAL')
      database.pragma('busy_timeout = 5000')
      database.pragma('synchronous = NORMAL')
      store = new Store('sqlite', new Kysely<Schema>({dialect: new SqliteDialect({database})}), file)
      const sqlite = store
      let insert: ((row: AuditRow) => void) | undefined
      sqlite.auditInsert = database.transaction((rows: readonly AuditRow[]) => {
        // Prepared after the migrations made the table.
        if (!insert) {
          const statement = database.prepare(
            'insert into kaitei_audit (at, kind, user_name, audience, method, path, status, bytes, address, detail) values (@at, @kind, @user_name, @audience, @method, @path, @status, @bytes, @address, @detail)'
          )
          insert = (row) => statement.run(row)
        }
        for (const row of rows) insert(row)
      })
    }
    try {
      await store.migrate()
    } catch (error) {
      await store.close()
      throw new KaiteiError('Cannot open the database ' + store.where + ': ' + (error as Error).message, 'E_SERVE_DATABASE', {cause: error})
    }
    return store
  }

  private async migrate(): Promise<void> {
    const migrator = new Migrator({
      db: this.db,
      provider: new StaticMigrations(migrations(this.kind)),
      migrationTableName: 'kaitei_migration',
      migrationLockTableName: 'kaitei_migration_lock'
    })
    const {error} = await migrator.migrateToLatest()
    if (error) throw error
  }

  async close(): Promise<void> {
    await this.db.destroy()
  }

  /** A random secret shared by every instance on this database (cookie signing); made once. */
  async secret(name: string): Promise<string> {
    const found = await this.db.selectFrom('kaitei_settings').select('value').where('key', '=', name).executeTakeFirst()
    if (found) return found.value
    const value = randomBytes(32).toString('base64url')
    // Two instances starting at once: the first write wins, both read it back.
    await this.db.insertInto('kaitei_settings').values({key: name, value}).onConflict((c) => c.column('key').doNothing()).execute()
    const stored = await this.db.selectFrom('kaitei_settings').select('value').where('key', '=', name).executeTakeFirstOrThrow()
    return stored.value
  }

  async createSession(id: string, session: SessionRecord & {address: string; createdAt: number}): Promise<void> {
    await this.db
      .insertInto('kaitei_sessions')
      .values({id, user_name: session.user, audience: session.audience, created_at: session.createdAt, expires_at: session.expiresAt, address: session.address})
      .execute()
  }

  async session(id: string, now: number): Promise<SessionRecord | undefined> {
    const row = await this.db.selectFrom('kaitei_sessions').select(['user_name', 'audience', 'expires_at']).where('id', '=', id).where('expires_at', '>', now).executeTakeFirst()
    return row ? {user: row.user_name, audience: row.audience, expiresAt: Number(row.expires_at)} : undefined
  }

  async deleteSession(id: string): Promise<void> {
    await this.db.deleteFrom('kaitei_sessions').where('id', '=', id).execute()
  }

  /** End every session of a user (removed, or their password changed). */
  async deleteSessionsOf(user: string): Promise<void> {
    await this.db.deleteFrom('kaitei_sessions').where('user_name', '=', user).execute()
  }

  async recordFailure(user: string, address: string, at: number): Promise<void> {
    await this.db.insertInto('kaitei_failed_sign_ins').values({user_name: user, address, at}).execute()
  }

  /** Failed sign-ins since `since`, for the user and for the address. */
  async failures(user: string, address: string, since: number): Promise<{user: number; address: number}> {
    const count = async (column: 'user_name' | 'address', value: string) => {
      const row = await this.db
        .selectFrom('kaitei_failed_sign_ins')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where(column, '=', value)
        .where('at', '>', since)
        .executeTakeFirstOrThrow()
      return Number(row.n)
    }
    return {user: await count('user_name', user), address: await count('address', address)}
  }

  /** Forget failed sign-ins of a user (after a successful one) and old ones of everyone. */
  async clearFailures(user: string, before: number): Promise<void> {
    await this.db.deleteFrom('kaitei_failed_sign_ins').where((eb) => eb.or([eb('user_name', '=', user), eb('at', '<', before)])).execute()
  }

  /** Remove expired sessions. */
  async sweep(now: number): Promise<void> {
    await this.db.deleteFrom('kaitei_sessions').where('expires_at', '<=', now).execute()
  }

  async acknowledge(ack: Acknowledgement & {address: string}): Promise<void> {
    await this.db
      .insertInto('kaitei_acknowledgements')
      .values({user_name: ack.user, audience: ack.audience, version: ack.version, at: ack.at, address: ack.address})
      .onConflict((c) => c.columns(['user_name', 'audience', 'version']).doNothing())
      .execute()
  }

  async acknowledgements(filter: {user?: string; audience?: string; version?: string} = {}): Promise<Acknowledgement[]> {
    let query = this.db.selectFrom('kaitei_acknowledgements').select(['user_name', 'audience', 'version', 'at'])
    if (filter.user !== undefined) query = query.where('user_name', '=', filter.user)
    if (filter.audience !== undefined) query = query.where('audience', '=', filter.audience)
    if (filter.version !== undefined) query = query.where('version', '=', filter.version)
    const rows = await query.orderBy('at').orderBy('user_name').execute()
    return rows.map((d) => ({user: d.user_name, audience: d.audience, version: d.version, at: Number(d.at)}))
  }

  /** Write audit entries in one transaction (the audit log batches them). */
  async appendAudit(entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return
    const rows = entries.map((d) => ({
      at: d.at,
      kind: d.kind,
      user_name: d.user,
      audience: d.audience,
      method: d.method ?? null,
      path: d.path ?? null,
      status: d.status ?? null,
      bytes: d.bytes ?? null,
      address: d.address,
      detail: d.detail ?? null
    }))
    if (this.auditInsert) return this.auditInsert(rows)
    // Within the limit of bound values per statement.
    await this.db.transaction().execute(async (tx) => {
      for (let index = 0; index < rows.length; index += 500) await tx.insertInto('kaitei_audit').values(rows.slice(index, index + 500)).execute()
    })
  }

  async audit(query: AuditQuery = {}): Promise<AuditEntry[]> {
    let select = this.db.selectFrom('kaitei_audit').selectAll()
    if (query.since !== undefined) select = select.where('at', '>=', query.since)
    if (query.until !== undefined) select = select.where('at', '<', query.until)
    if (query.user !== undefined) select = select.where('user_name', '=', query.user)
    if (query.kinds?.length) select = select.where('kind', 'in', query.kinds)
    select = select.orderBy('at').orderBy('id')
    if (query.limit !== undefined) select = select.limit(query.limit)
    const rows = await select.execute()
    return rows.map((d) => ({
      at: Number(d.at),
      kind: d.kind as AuditKind,
      user: d.user_name,
      audience: d.audience,
      method: d.method,
      path: d.path,
      status: d.status === null ? null : Number(d.status),
      bytes: d.bytes === null ? null : Number(d.bytes),
      address: d.address,
      detail: d.detail
    }))
  }

  /** A round trip: the health check. */
  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db)
  }
}
