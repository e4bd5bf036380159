// From source (Vitest, tsx): the worker loads writer-thread.ts through tsx (a devDependency).
// The built app and CLI load out/main/writer-thread.js instead.
/* eslint-disable @typescript-eslint/no-require-imports */
require('tsx/cjs/api').register()
require('./writer-thread.ts')
