// Applied before first paint (a blocking script in <head>) so a remembered dark theme never
// flashes light. An external file, not inline: the server's CSP allows no inline scripts.
try {
  var t = localStorage.getItem('canopy.theme')
  var dark = t === 'dark' || ((t === null || t === 'system') && matchMedia('(prefers-color-scheme: dark)').matches)
  if (dark) document.documentElement.classList.add('dark')
} catch {
  // Storage blocked: the app applies the theme once it starts.
}
