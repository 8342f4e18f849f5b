import { statfsSync } from 'node:fs'
import { cpus, freemem, tmpdir, totalmem } from 'node:os'

/** Disk figures of the file system holding `path` (the temp dir for in-memory nodes). */
export function diskStats(path: string | undefined): { total: number; free: number; loadPercent: number } {
  try {
    const s = statfsSync(path ?? tmpdir())
    const total = s.blocks * s.bsize
    const free = s.bavail * s.bsize
    return { total, free, loadPercent: total === 0 ? 0 : Math.round(((total - free) * 100) / total) }
  } catch {
    return { total: 0, free: 0, loadPercent: 0 }
  }
}

/** Memory figures of the host and of this process. */
export function memoryStats(): { totalRam: number; freeRam: number; rss: number; vsize: number } {
  const m = process.memoryUsage()
  return { totalRam: totalmem(), freeRam: freemem(), rss: m.rss, vsize: m.heapTotal + m.external + m.rss }
}

/** Host CPU times in seconds (user, sys, idle, other) summed over cores. */
export function cpuStats(): { user: number; sys: number; idle: number; other: number } {
  let user = 0
  let sys = 0
  let idle = 0
  let other = 0
  for (const c of cpus()) {
    user += c.times.user / 1000
    sys += c.times.sys / 1000
    idle += c.times.idle / 1000
    other += (c.times.nice + c.times.irq) / 1000
  }
  return { user, sys, idle, other }
}
