// A private redis-server for the BullMQ reference: free port, no persistence, stopped after.
import { spawn } from 'node:child_process'
import { freePort, waitForPort } from './net'

export interface RedisHandle {
  port: number
  stop(): Promise<void>
}

export async function startRedis(): Promise<RedisHandle> {
  const port = await freePort()
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const exited = new Promise<void>((ok) => proc.once('exit', () => ok()))
  proc.once('error', () => {})
  try {
    await waitForPort(port)
  } catch (err) {
    proc.kill('SIGKILL')
    throw new Error(`redis-server did not start: ${(err as Error).message}`)
  }
  return {
    port,
    async stop() {
      if (proc.exitCode === null) proc.kill('SIGTERM')
      await exited
    },
  }
}
