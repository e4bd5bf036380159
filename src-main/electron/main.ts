// Placeholder Electron entry; replaced by the app-shell work.
import { app } from 'electron'
void app.whenReady()
