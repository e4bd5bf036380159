// boot.ts is evaluated first (before React's code): it opens the socket and asks for the first
// deliveries page while the rest of this script evaluates, and says when to mount (see there).
import { readyToMount } from './boot'
import { mount } from './mount'
import './styles.css'

const root = document.getElementById('root')
if (root) void readyToMount.then(() => mount(root))
