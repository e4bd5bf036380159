// The engine's services hand SQLite's own errors up as they come: a disk that fills, a file made
// read-only or damage met while reading would reach the UI and the CLI as "database or disk is
// full (E_INTERNAL)", without the file. Every method of a guarded service turns those into the
// typed error naming the file (E_DB_FULL, E_DB_READONLY, E_DB_CORRUPT); other errors pass as they are.
import { storageError } from './open'

/**
 * `target` with each method (and those of plain objects it holds, e.g. receiver.inboxes) rethrowing
 * storage failures typed; promises are covered too. The methods run on `target` itself.
 */
export function guardStorageErrors<T extends object>(target: T, file: string): T {
  const typed = (err: unknown): unknown => storageError(err, file)
  const wrappers = new WeakMap<object, unknown>()

  function wrapFunction(fn: (...args: unknown[]) => unknown, self: object): unknown {
    return function guarded(...args: unknown[]): unknown {
      let result: unknown
      try {
        result = fn.apply(self, args)
      } catch (err) {
        throw typed(err)
      }
      if (result instanceof Promise) return result.catch((err: unknown) => Promise.reject(typed(err)))
      return result
    }
  }

  function wrap<O extends object>(obj: O): O {
    return new Proxy(obj, {
      get(t, key) {
        const value: unknown = Reflect.get(t, key, t)
        if (typeof value === 'function') return cached(value, () => wrapFunction(value as (...args: unknown[]) => unknown, t))
        if (isPlainObject(value)) return cached(value, () => wrap(value))
        return value
      },
    })
  }

  function cached(key: object, make: () => unknown): unknown {
    let w = wrappers.get(key)
    if (w === undefined) {
      w = make()
      wrappers.set(key, w)
    }
    return w
  }

  return wrap(target)
}

function isPlainObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype
}
