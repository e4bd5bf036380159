import { mkdirSync, writeFileSync } from 'node:fs'
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

it('a data dir that is a file (--home pointing at one) is said plainly, not as a raw EEXIST', () => {
  const { dir, cleanup } = tmpDir()
  cleanups.push(cleanup)
  const file = join(dir, 'afile')
  writeFileSync(file, 'not a directory')
  for (const home of [file, join(file, 'below')]) {
    let caught: unknown
    try {
      createEngine({ home })
    } catch (err) {
      caught = err
    }
    expect(isHooklabError(caught) && caught.code).toBe('E_DB_READONLY')
    expect((caught as Error).message).toMatch(/is a file, not a directory/)
  }
})
