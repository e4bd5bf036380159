// Binding a server to its port, with the errors a user can act on said plainly (the receiver, and
// browser mode's UI server).
import type { Server } from 'node:net'
import { HooklabError } from './errors'

export function listenOn(server: Server, port: number, host: string, what: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const failed = (err: NodeJS.ErrnoException): void => {
      // The usual first-run snag: another Hooklab (the app, serve, a listen) already has the port.
      if (err.code === 'EADDRINUSE')
        reject(new HooklabError('E_CONFLICT', `${what}: port ${port} on ${host} is already in use (another Hooklab, or another server?); pick another port, or 0 for any free one`))
      else if (err.code === 'EACCES') reject(new HooklabError('E_FORBIDDEN', `${what}: port ${port} on ${host} needs privileges this process does not have; pick one above 1023`))
      else reject(err)
    }
    server.once('error', failed)
    server.listen(port, host, () => {
      server.off('error', failed)
      resolve()
    })
  })
}
