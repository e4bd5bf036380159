// Placeholder preload; replaced by the app-shell work.
export {}
