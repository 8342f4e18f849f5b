import { useEffect, useRef } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import type { RatePoint } from '../metrics-scope.js'

const series = [
  { key: 'insert', color: '#059669' },
  { key: 'update', color: '#2563eb' },
  { key: 'delete', color: '#dc2626' },
  { key: 'read', color: '#d97706' },
] as const

function canDraw(): boolean {
  try {
    return document.createElement('canvas').getContext('2d') !== null
  } catch {
    return false
  }
}

const format = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toFixed(1))

/** Operations per second over time, drawn with uPlot; a null rate (node down, no data) is a gap. */
export function RateChart({ samples, labels, dark, windowSeconds, name }: { samples: readonly RatePoint[]; labels: Record<(typeof series)[number]['key'], string>; dark: boolean; windowSeconds: number; name: string }) {
  const ref = useRef<HTMLDivElement>(null)
  const plot = useRef<uPlot | null>(null)
  useEffect(() => {
    const el = ref.current
    if (el === null) return
    const axis = { stroke: dark ? '#cbd5e1' : '#334155', grid: { stroke: dark ? '#1e293b' : '#e2e8f0' } }
    // No 2D canvas (a headless test DOM, a locked-down browser): uPlot would fail on its first
    // draw, after construction; the legend below still shows the numbers.
    if (!canDraw()) return
    try {
      plot.current = new uPlot(
        {
          width: Math.max(320, el.clientWidth),
          height: 260,
          series: [{}, ...series.map((s) => ({ label: labels[s.key], stroke: s.color, width: 2 }))],
          axes: [axis, axis],
          scales: { x: { time: true } },
        },
        [[], [], [], [], []],
        el,
      )
    } catch {
      // No canvas (e.g. a headless test DOM): the legend table below still shows the numbers.
      plot.current = null
    }
    const onResize = () => plot.current?.setSize({ width: Math.max(320, el.clientWidth), height: 260 })
    window.addEventListener('resize', onResize)
    return () => {
      window.removeEventListener('resize', onResize)
      plot.current?.destroy()
      plot.current = null
    }
  }, [dark, labels])
  useEffect(() => {
    const p = plot.current
    if (p === null) return
    p.setData([samples.map((s) => Date.parse(s.at) / 1000), ...series.map((x) => samples.map((s) => s[x.key]))])
    // The x axis always spans the chosen window, so a few samples do not stretch across years.
    const last = samples[samples.length - 1]
    const max = last === undefined ? Date.now() / 1000 : Date.parse(last.at) / 1000
    p.setScale('x', { min: max - windowSeconds, max })
    // `dark` and `labels` rebuild the plot empty (effect above): fill it again at once.
  }, [samples, windowSeconds, dark, labels])
  const last = samples[samples.length - 1]
  return (
    <figure>
      <div ref={ref} role="img" aria-label={`${name}: ${series.map((s) => `${labels[s.key]} ${format(last?.[s.key])}`).join(', ')}`} />
      <figcaption className="flex gap-4 text-xs" data-testid="rate-legend">
        {series.map((s) => <span key={s.key} style={{ color: s.color }}>{labels[s.key]}: {format(last?.[s.key])}</span>)}
      </figcaption>
    </figure>
  )
}
