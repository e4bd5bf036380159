// Whether another Hooklab on the home will send what the CLI queues: an engine whose process was killed
// a moment ago has a fresh heartbeat, but nothing will send; the CLI must not promise it will.
import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { tmpEngine } from './helpers'

describe('live engines', () => {
  it('leave out an engine whose process is gone, however fresh its last beat', () => {
    const engine = tmpEngine()
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString()
    const now = Date.now()
    const beat = engine.db.prepare('INSERT INTO engine_heartbeat (owner, pid, started_at, beat_at) VALUES (?, ?, ?, ?)')
    beat.run('killed-engine', Number(dead), now, now)
    beat.run('running-engine', process.pid, now, now)
    expect(engine.liveEngines().map((e) => e.owner)).toEqual(['running-engine'])
  })
})
