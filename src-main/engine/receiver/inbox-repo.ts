// SQL for the inbox table: prepared once, every value bound.
import type { Db } from '../db/open'

export interface InboxRecord {
  id: string
  slug: string
  name: string
  response_json: string
  verification_json: string | null
  verification_secret: Buffer | null
  forward_to: string | null
  created_at: number
  updated_at: number
}

export type InboxRepo = ReturnType<typeof createInboxRepo>

export function createInboxRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO inbox (id, slug, name, response_json, verification_json, verification_secret, forward_to, created_at, updated_at)
     VALUES (@id, @slug, @name, @response_json, @verification_json, @verification_secret, @forward_to, @created_at, @updated_at)`,
  )
  const update = db.prepare(
    `UPDATE inbox SET slug = @slug, name = @name, response_json = @response_json, verification_json = @verification_json,
       verification_secret = @verification_secret, forward_to = @forward_to, updated_at = @updated_at WHERE id = @id`,
  )
  const byId = db.prepare<[string], InboxRecord>('SELECT * FROM inbox WHERE id = ?')
  const bySlug = db.prepare<[string], InboxRecord>('SELECT * FROM inbox WHERE slug = ?')
  const all = db.prepare<[], InboxRecord>('SELECT * FROM inbox ORDER BY created_at, id')
  const remove = db.prepare<[string]>('DELETE FROM inbox WHERE id = ?')
  const countCaptures = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM capture WHERE inbox_id = ?')

  return {
    insert: (r: InboxRecord): void => void insert.run(r),
    update: (r: InboxRecord): void => void update.run(r),
    get: (id: string): InboxRecord | undefined => byId.get(id),
    getBySlug: (slug: string): InboxRecord | undefined => bySlug.get(slug),
    list: (): InboxRecord[] => all.all(),
    delete: (id: string): boolean => remove.run(id).changes > 0,
    captureCount: (id: string): number => countCaptures.get(id)?.n ?? 0,
  }
}
