// What a user of the inbox relies on: every request kept exactly as sent.
import { request } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { startReceiver } from './helpers'
import type { Harness } from './helpers'

let h: Harness
afterEach(async () => {
  await h?.close()
})

/** Sends raw header pairs (order and case kept by node:http when given as an array). */
function send(
  url: string,
  method: string,
  path: string,
  headers: string[],
  body?: Buffer,
): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), headers: res.headers }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

describe('capture', () => {
  it('keeps binary and non-UTF-8 bodies byte for byte', async () => {
    h = await startReceiver()
    const binary = Buffer.from(Array.from({ length: 256 }, (_, i) => i))
    const latin1 = Buffer.from('caf\xe9 \xff\xfe na\xefve', 'latin1')
    for (const body of [binary, latin1]) {
      const res = await send(h.url, 'POST', '/hook', ['Content-Type', 'application/octet-stream'], body)
      expect(res.status).toBe(200)
      const { captureId } = JSON.parse(res.body) as { captureId: string }
      expect(h.receiver.getCapture(captureId).body.equals(body)).toBe(true)
    }
  })

  it('keeps header order and case, path and query', async () => {
    h = await startReceiver()
    const res = await send(
      h.url,
      'POST',
      '/github/hook?x=1&y=%20two',
      ['X-GitHub-Event', 'push', 'content-type', 'application/json', 'X-Custom-UPPER', 'a', 'x-custom-upper', 'b'],
      Buffer.from('{}'),
    )
    const c = h.receiver.getCapture((JSON.parse(res.body) as { captureId: string }).captureId)
    expect(c.path).toBe('/github/hook')
    expect(c.query).toBe('x=1&y=%20two')
    const names = c.headers.map(([n]) => n).filter((n) => !['Host', 'Connection', 'Content-Length', 'Transfer-Encoding'].includes(n))
    expect(names).toEqual(['X-GitHub-Event', 'content-type', 'X-Custom-UPPER', 'x-custom-upper'])
    expect(c.headers.filter(([n]) => n.toLowerCase() === 'x-custom-upper').map(([, v]) => v)).toEqual(['a', 'b'])
    expect(c.remoteAddress).toBe('127.0.0.1')
    expect(c.contentType).toBe('application/json')
  })

  it('accepts any method', async () => {
    h = await startReceiver()
    for (const method of ['PURGE', 'PATCH', 'DELETE', 'GET', 'OPTIONS']) {
      const res = await send(h.url, method, '/m', [])
      expect(res.status).toBe(200)
    }
    const methods = h.receiver.listCaptures().items.map((c) => c.method)
    expect(methods).toEqual(['OPTIONS', 'GET', 'DELETE', 'PATCH', 'PURGE'])
  })

  it('routes /in/<slug>/ to that inbox, other paths to the default, unknown slugs to a 404', async () => {
    h = await startReceiver()
    const gh = h.receiver.inboxes.create({ slug: 'github' })
    await send(h.url, 'POST', '/in/github/events', [], Buffer.from('a'))
    await send(h.url, 'POST', '/in/github', [], Buffer.from('b'))
    await send(h.url, 'POST', '/elsewhere', [], Buffer.from('c'))
    const missing = await send(h.url, 'POST', '/in/nope/x', [], Buffer.from('d'))
    expect(missing.status).toBe(404)
    expect(JSON.parse(missing.body)).toMatchObject({ error: 'no inbox "nope" in Hooklab' })
    expect(h.receiver.listCaptures({ inboxId: gh.id }).items.map((c) => c.path)).toEqual(['/in/github', '/in/github/events'])
    const def = h.receiver.inboxes.getBySlug('default')!
    expect(h.receiver.listCaptures({ inboxId: def.id }).items.map((c) => c.path)).toEqual(['/elsewhere'])
    expect(h.receiver.inboxes.get(gh.id).captureCount).toBe(2)
    expect(h.receiver.inboxes.get(gh.id).url).toBe(`${h.url}/in/github/`)
  })

  it('routes a request target in absolute form (as a client set to use a proxy sends it) by its path', async () => {
    h = await startReceiver()
    const gh = h.receiver.inboxes.create({ slug: 'github' })
    await new Promise<void>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: h.port, method: 'POST', path: 'http://hooks.example.test/in/github/abs?x=1' }, (res) => {
        res.resume()
        res.on('end', () => resolve())
      })
      req.on('error', reject)
      req.end('{}')
    })
    expect(h.receiver.listCaptures({ inboxId: gh.id }).items.map((c) => [c.path, c.query])).toEqual([['/in/github/abs', 'x=1']])
  })

  it('answers 200 with a small JSON body naming the capture, after it is stored', async () => {
    h = await startReceiver()
    const received: string[] = []
    h.bus.on('capture.received', (e) => received.push(e.captureId))
    const res = await send(h.url, 'POST', '/', [], Buffer.from('x'))
    expect(res.headers['content-type']).toBe('application/json')
    const body = JSON.parse(res.body) as { ok: boolean; captureId: string }
    expect(body.ok).toBe(true)
    // Acknowledged means committed: the row is readable the moment the answer arrives.
    expect(h.receiver.getCapture(body.captureId).response?.status).toBe(200)
    expect(received).toEqual([body.captureId])
  })

  it('commits a burst of concurrent captures, all acknowledged and all stored', async () => {
    h = await startReceiver()
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => send(h.url, 'POST', `/burst/${i}`, [], Buffer.from(String(i)))),
    )
    expect(results.every((r) => r.status === 200)).toBe(true)
    const ids = results.map((r) => (JSON.parse(r.body) as { captureId: string }).captureId)
    for (const id of ids) expect(h.receiver.getCapture(id).method).toBe('POST')
    expect(h.receiver.inboxes.getBySlug('default')!.captureCount).toBe(200)
  })

  it('pages newest first and filters by text and method', async () => {
    h = await startReceiver()
    for (let i = 0; i < 7; i++) await send(h.url, i % 2 ? 'PUT' : 'POST', `/p${i}`, [], Buffer.from(`needle-${i}`))
    const first = h.receiver.listCaptures({}, { limit: 3 })
    expect(first.items.map((c) => c.path)).toEqual(['/p6', '/p5', '/p4'])
    const second = h.receiver.listCaptures({}, { limit: 3, cursor: first.nextCursor })
    expect(second.items.map((c) => c.path)).toEqual(['/p3', '/p2', '/p1'])
    const third = h.receiver.listCaptures({}, { limit: 3, cursor: second.nextCursor })
    expect(third.items.map((c) => c.path)).toEqual(['/p0'])
    expect(third.nextCursor).toBeNull()
    expect(h.receiver.listCaptures({ text: 'needle-3' }).items.map((c) => c.path)).toEqual(['/p3'])
    expect(h.receiver.listCaptures({ text: '/p5' }).items.map((c) => c.path)).toEqual(['/p5'])
    // The search box offers method, path and id too (any case), as the live rows are matched.
    expect(h.receiver.listCaptures({ text: 'put' }).items.map((c) => c.path)).toEqual(['/p5', '/p3', '/p1'])
    const id = first.items[1]!.id
    expect(h.receiver.listCaptures({ text: id.slice(-10).toUpperCase() }).items.map((c) => c.path)).toEqual(['/p5'])
    // fromSeq: only from that position on (how the UI checks which new captures a search matches).
    const p4 = first.items[2]!
    expect(h.receiver.listCaptures({ text: 'needle', fromSeq: p4.seq }).items.map((c) => c.path)).toEqual(['/p6', '/p5', '/p4'])
    expect(h.receiver.listCaptures({ method: 'put' }).items.map((c) => c.path)).toEqual(['/p5', '/p3', '/p1'])
  })

  it('manages inboxes: rename, clear, delete; the default inbox stays', async () => {
    h = await startReceiver()
    const events: string[] = []
    h.bus.on('inbox.updated', (e) => events.push(e.inboxId))
    const a = h.receiver.inboxes.create({ slug: 'a', name: 'First' })
    expect(() => h.receiver.inboxes.create({ slug: 'a' })).toThrow(/already exists/)
    expect(() => h.receiver.inboxes.create({ slug: 'Bad Slug' })).toThrow(/lower-case/)
    await send(h.url, 'POST', '/in/a/', [], Buffer.from('1'))
    const renamed = h.receiver.inboxes.update(a.id, { slug: 'b', name: 'Second' })
    expect(renamed.slug).toBe('b')
    expect((await send(h.url, 'POST', '/in/b/', [], Buffer.from('2'))).status).toBe(200)
    expect((await send(h.url, 'POST', '/in/a/', [], Buffer.from('3'))).status).toBe(404)
    expect(h.receiver.inboxes.clear(a.id)).toEqual({ deleted: 2 })
    h.receiver.inboxes.delete(a.id)
    expect(h.receiver.inboxes.list().map((i) => i.slug)).toEqual(['default'])
    const def = h.receiver.inboxes.getBySlug('default')!
    expect(() => h.receiver.inboxes.delete(def.id)).toThrow(/cannot be deleted/)
    expect(events).toContain(a.id)
  })

  it('clearing or deleting an inbox announces exactly its captures as removed, so open lists drop them', async () => {
    h = await startReceiver()
    const pruned: string[][] = []
    h.bus.on('capture.pruned', (e) => pruned.push(e.captureIds))
    const a = h.receiver.inboxes.create({ slug: 'a' })
    const b = h.receiver.inboxes.create({ slug: 'b' })
    const idOf = async (slug: string) => (JSON.parse((await send(h.url, 'POST', `/in/${slug}/`, [], Buffer.from('x'))).body) as { captureId: string }).captureId
    const inA = [await idOf('a'), await idOf('a')]
    const inB = [await idOf('b')]
    inA.push(await idOf('a'))

    h.receiver.inboxes.clear(a.id)
    expect([...(pruned[0] ?? [])].sort()).toEqual([...inA].sort())
    expect(pruned).toHaveLength(1)
    expect(h.receiver.listCaptures({ inboxId: a.id }).items).toEqual([])

    h.receiver.inboxes.delete(b.id)
    expect(pruned[1]).toEqual(inB)
    expect(h.receiver.listCaptures({}).items.map((c) => c.id)).not.toContain(inB[0])
    // Nothing left to remove: no event.
    h.receiver.inboxes.clear(a.id)
    expect(pruned).toHaveLength(2)
  })

  it('deleting one capture removes only it, announces it as removed and updates its inbox; an unknown id is E_NOT_FOUND', async () => {
    h = await startReceiver()
    const pruned: string[][] = []
    const updated: string[] = []
    h.bus.on('capture.pruned', (e) => pruned.push(e.captureIds))
    h.bus.on('inbox.updated', (e) => updated.push(e.inboxId))
    const a = h.receiver.inboxes.create({ slug: 'a' })
    const idOf = async (body: string) => (JSON.parse((await send(h.url, 'POST', '/in/a/', [], Buffer.from(body))).body) as { captureId: string }).captureId
    const [first, second, third] = [await idOf('1'), await idOf('2'), await idOf('3')]

    h.receiver.deleteCapture(second)
    expect(pruned).toEqual([[second]])
    expect(updated).toContain(a.id)
    expect(h.receiver.listCaptures({ inboxId: a.id }).items.map((c) => c.id)).toEqual([third, first])
    expect(h.receiver.inboxes.list().find((i) => i.id === a.id)?.captureCount).toBe(2)
    expect(() => h.receiver.getCapture(second)).toThrow(expect.objectContaining({ code: 'E_NOT_FOUND' }))
    expect(h.receiver.getCapture(first).body.toString()).toBe('1')

    expect(() => h.receiver.deleteCapture(second)).toThrow(expect.objectContaining({ code: 'E_NOT_FOUND' }))
    expect(pruned).toHaveLength(1)
  })
})
