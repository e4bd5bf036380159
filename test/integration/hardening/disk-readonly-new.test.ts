import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { createEngine } from '../../../src-main/engine/engine'
import { isHooklabError } from '../../../src-main/engine/errors'
import { makeReadOnly, tmpDir } from './helpers'

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

it('a new data dir under a read-only directory gives E_DB_READONLY naming the path', () => {
  const { dir, cleanup } = tmpDir()
  cleanups.push(cleanup)
  const locked = join(dir, 'locked')
  mkdirSync(locked)
  cleanups.push(makeReadOnly([locked]))
  const dbFile = join(locked, 'home', 'hooklab.db')
  let caught: unknown
  try {
    createEngine({ dbFile })
  } catch (err) {
    caught = err
  }
  expect(isHooklabError(caught) && caught.code).toBe('E_DB_READONLY')
  expect((caught as Error).message).toContain(join(locked, 'home'))
})
