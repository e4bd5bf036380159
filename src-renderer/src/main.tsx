// boot.ts is evaluated first (before React's code): it opens the socket and asks for the first
// deliveries page while the rest of this script evaluates.
import { firstCallsSent } from './boot'
import { mount } from './mount'
import './styles.css'

// React's first render is one long task: started before the socket's open event runs, it would
// keep the first query off the wire until it ends. Mounted after, it overlaps the query instead.
const root = document.getElementById('root')
if (root) void firstCallsSent.then(() => mount(root))
