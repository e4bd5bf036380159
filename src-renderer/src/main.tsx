// The first script is small: it opens the socket and asks for the first deliveries page (./boot)
// while the UI's script, preloaded from index.html, is still downloading and compiling.
import { firstCallsSent } from './boot'
import './styles.css'

// React's first render is one long task: started before the socket's open event runs, it would
// keep the first query off the wire until it ends. Mounted after, it overlaps the query instead.
const root = document.getElementById('root')
if (root) void Promise.all([import('./mount'), firstCallsSent]).then(([m]) => m.mount(root))
