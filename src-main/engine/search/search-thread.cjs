// From source (Vitest, tsx): the worker loads search-thread.ts through tsx (a devDependency).
// The built app and CLI load out/main/search-thread.js instead.
/* eslint-disable @typescript-eslint/no-require-imports */
require('tsx/cjs/api').register()
require('./search-thread.ts')
