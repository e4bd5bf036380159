// Every contract method called through dispatch with invalid input generated from its zod
// schema's shape (wrong types, missing fields, hostile keys, huge strings, NaN, negatives):
// always `{code: E_INVALID_INPUT, message}`, never a stack, never E_INTERNAL, and the database
// and the home's files unchanged. Valid-shaped calls naming things that do not exist get
// E_NOT_FOUND / E_INVALID_INPUT, never E_INTERNAL.
import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { METHOD_NAMES, methods } from '../../../src-preload/contract'
import type { MethodName } from '../../../src-preload/contract'
import { dispatch } from '../../../src-main/api/dispatch'
import { createRuntime } from '../../../src-main/api/runtime'
import type { Runtime } from '../../../src-main/api/runtime'
import { dbHash, tmpDir } from './helpers'

const ROOT = resolve(__dirname, '../../..')
const SEED = 7_2026
const RUNS_PER_METHOD = 40
const HUGE = 'x'.repeat(11_000_000) // over every string cap in the contract

let runtime: Runtime
let home: string
let cleanup: () => void
const figures = { methods: 0, invalidCalls: 0, generatedButValid: 0, notFoundCalls: 0 }

function filesHash(dir: string): string {
  const h = createHash('sha256')
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name)
      if (/hooklab\.db(-wal|-shm)?$/.test(name)) continue // covered by dbHash (the WAL changes on checkpoints)
      if (statSync(p).isDirectory()) walk(p)
      else h.update(`${p}\n`).update(readFileSync(p))
    }
  }
  walk(dir)
  return h.digest('hex')
}

const state = (): string => `${dbHash(runtime.engine.db)}:${filesHash(home)}`

function shapeKeys(schema: z.ZodType): string[] {
  const s = schema as unknown as { shape?: Record<string, unknown> }
  return s.shape ? Object.keys(s.shape) : []
}

const hostileValue = fc.oneof(
  fc.constantFrom<unknown>(NaN, -1, -Infinity, Infinity, 1e308, -0.5, 0, '', null, true, false, [], {}, '\u0000', '__proto__', 'x'.repeat(300)),
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.anything({ maxDepth: 1 }), { maxKeys: 3 }),
)

/** An object over the schema's own keys (some missing) plus hostile extra keys. */
function inputArb(method: MethodName): fc.Arbitrary<unknown> {
  const keys = shapeKeys(methods[method].input)
  const extraKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'zzExtra', 'toString')
  const obj = fc
    .tuple(fc.subarray(keys), fc.array(fc.tuple(extraKey, hostileValue), { maxLength: 2 }), fc.array(hostileValue, { minLength: keys.length, maxLength: keys.length }))
    .map(([chosen, extras, values]) => {
      // Built as JSON text, so `__proto__` is an own key, as it is for a parsed wire message.
      const entries = chosen.map((k) => [k, values[keys.indexOf(k)]] as const)
      const text = `{${[...entries, ...extras].map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v ?? null)}`).join(',')}}`
      return JSON.parse(text) as unknown
    })
  const notAnObject = fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.array(fc.integer(), { maxLength: 3 }), fc.constant(NaN))
  return fc.oneof({ weight: 4, arbitrary: obj }, { weight: 1, arbitrary: notAnObject })
}

function expectRefused(method: string, result: Awaited<ReturnType<typeof dispatch>>): void {
  if (result.ok) throw new Error(`${method} accepted invalid input`)
  expect(result.error.code, `${method}: ${result.error.message}`).toBe('E_INVALID_INPUT')
  expect(typeof result.error.message).toBe('string')
  expect(result.error.message).not.toMatch(/\n\s+at /) // no stack
  expect(result.error.message.length).toBeLessThan(2000) // a huge input is not echoed back
  expect(Object.keys(result.error).sort()).toEqual(['code', 'message'])
}

beforeAll(async () => {
  const t = tmpDir()
  home = t.dir
  cleanup = t.cleanup
  runtime = createRuntime({ home, mode: 'browser', exportFile: async () => ({ kind: 'cancelled' }), send: () => {} })
  // Some data, so "unchanged" compares something. The engine is not started: nothing moves by itself.
  const h = runtime.handlers
  const ep = await dispatch(h, 'endpoints.create', { name: 'fuzz', url: 'http://127.0.0.1:9/x', signing: { scheme: 'standard', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' } })
  expect(ep.ok).toBe(true)
  expect((await dispatch(h, 'inboxes.create', { slug: 'fuzz' })).ok).toBe(true)
  expect((await dispatch(h, 'compose.send', { url: 'http://127.0.0.1:9/y', body: '{"a":1}' })).ok).toBe(true)
  expect((await dispatch(h, 'templates.save', { name: 't', eventType: null, contentType: 'application/json', body: '{}', headers: [] })).ok).toBe(true)
  runtime.engine.delivery.flush()
})

afterAll(async () => {
  await runtime.stop()
  cleanup()
  mkdirSync(join(ROOT, 'test-results'), { recursive: true })
  writeFileSync(join(ROOT, 'test-results', 'contract-fuzz.json'), `${JSON.stringify({ seed: SEED, ...figures }, null, 2)}\n`)
})

describe('contract input fuzzing through dispatch', () => {
  it('every method refuses generated invalid input with E_INVALID_INPUT and changes nothing', async () => {
    const before = state()
    for (const [i, method] of METHOD_NAMES.entries()) {
      const schema = methods[method].input
      const samples = fc.sample(inputArb(method), { seed: SEED + i, numRuns: RUNS_PER_METHOD })
      // Huge strings and hostile numbers in each field, one at a time.
      for (const key of shapeKeys(schema)) for (const v of [HUGE, NaN, -1, 1e308]) samples.push({ [key]: v })
      for (const input of samples) {
        if (schema.safeParse(input ?? {}).success) {
          figures.generatedButValid++
          continue
        }
        figures.invalidCalls++
        expectRefused(method, await dispatch(runtime.handlers, method, input))
      }
      runtime.engine.delivery.flush()
      expect(state(), `${method} changed stored data`).toBe(before)
      figures.methods++
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.prototype).not.toHaveProperty('zzExtra')
    expect(figures.methods).toBe(METHOD_NAMES.length)
  }, 60_000)

  it('unknown method names and non-string names are refused', async () => {
    for (const name of ['shell.exec', '__proto__', 'constructor', 'endpoints.list ', '', 42, null, { toString: () => 'app.info' }]) {
      expectRefused(String(name), await dispatch(runtime.handlers, name, {}))
    }
  })

  it('valid-shaped calls naming ids that do not exist get E_NOT_FOUND or E_INVALID_INPUT, never E_INTERNAL', async () => {
    const before = state()
    const ids = fc.sample(fc.oneof(fc.string({ minLength: 1, maxLength: 64 }), fc.constantFrom('dlv_0', 'ep_x', '../../etc/passwd', "' OR 1=1 --", '%00')), { seed: SEED, numRuns: 30 })
    for (const method of METHOD_NAMES) {
      const keys = shapeKeys(methods[method].input)
      if (!keys.includes('id') && !keys.includes('endpointId')) continue
      for (const id of ids) {
        const input: Record<string, unknown> = keys.includes('id') ? { id } : { endpointId: id }
        if (method === 'endpoints.update' || method === 'inboxes.update') input.patch = {}
        if (method === 'endpoints.setEnabled') input.enabled = false
        if (method === 'deliveries.replay') input.asNew = true
        if (method === 'captures.replay') Object.assign(input, { to: 'http://127.0.0.1:9/', mode: 'as-is' })
        if (!methods[method].input.safeParse(input).success) continue
        figures.notFoundCalls++
        const result = await dispatch(runtime.handlers, method, input)
        if (result.ok) continue // e.g. a list filtered by an unknown endpoint is just empty
        expect(['E_NOT_FOUND', 'E_INVALID_INPUT'], `${method}(${JSON.stringify(input)}): ${result.error.code} ${result.error.message}`).toContain(result.error.code)
        expect(result.error.message).not.toMatch(/\n\s+at /)
      }
    }
    runtime.engine.delivery.flush()
    expect(state()).toBe(before)
  }, 60_000)
})
