// Saved compose templates live in <home>/templates.json (small, user-edited, no migration).
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { Template } from '../../src-preload/contract'
import type { Template as TemplateValue } from '../../src-preload/contract'
import { HooklabError } from '../engine/errors'
import { newId } from '../engine/ids'

export interface TemplateStore {
  list(): TemplateValue[]
  save(t: Omit<TemplateValue, 'id'> & { id?: string | undefined }): TemplateValue
  delete(id: string): void
}

export function createTemplateStore(home: string): TemplateStore {
  const file = join(home, 'templates.json')
  const read = (): TemplateValue[] => {
    try {
      const parsed = z.array(Template).safeParse(JSON.parse(readFileSync(file, 'utf8')))
      return parsed.success ? parsed.data : []
    } catch {
      return []
    }
  }
  const write = (items: TemplateValue[]): void => {
    mkdirSync(home, { recursive: true })
    const tmp = `${file}.${process.pid}.tmp`
    writeFileSync(tmp, `${JSON.stringify(items, null, 2)}\n`)
    renameSync(tmp, file)
  }
  return {
    list: read,
    save(t) {
      const items = read()
      const saved: TemplateValue = { ...t, id: t.id ?? newId('tpl') }
      const i = items.findIndex((x) => x.id === saved.id)
      if (i >= 0) items[i] = saved
      else items.push(saved)
      write(items)
      return saved
    },
    delete(id) {
      const items = read()
      const next = items.filter((x) => x.id !== id)
      if (next.length === items.length) throw new HooklabError('E_NOT_FOUND', `No template ${id}.`)
      write(next)
    },
  }
}
