import type { TopologyGroup } from '@canopy/api-contract'
import { Background, type Edge, Handle, type Node, type NodeProps, Position, ReactFlow } from '@xyflow/react'
import '@xyflow/react/dist/style.css'
import ELK, { type ElkNode } from 'elkjs/lib/elk.bundled.js'
import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Badge } from '../../../components/ui/badge.js'
import { formatLag, groupHealth, statusTone } from './health.js'

const elk = new ELK()
const NODE_W = 230
const NODE_H = 44

type GroupData = { group: TopologyGroup }
type MemberData = { group: TopologyGroup; index: number; selected: boolean }

const border = { good: '#10b981', warn: '#f59e0b', bad: '#dc2626' } as const

function GroupBox({ data }: NodeProps<Node<GroupData>>) {
  const { t } = useTranslation()
  const g = data.group
  return (
    <div className="h-full w-full rounded-lg border-2 bg-white/60 p-2 text-sm dark:bg-slate-900/60" style={{ borderColor: border[groupHealth(g)] }} data-testid={`graph-group-${g.name}`}>
      <Handle type="target" position={Position.Top} />
      <div className="flex items-center gap-2">
        <strong>{g.name}</strong>
        <Badge>{t(`topology.roles.${g.role}`)}</Badge>
      </div>
      <Handle type="source" position={Position.Bottom} />
    </div>
  )
}

function MemberBox({ data }: NodeProps<Node<MemberData>>) {
  const { t } = useTranslation()
  const n = data.group.nodes[data.index]!
  return (
    <div className={`flex h-full w-full items-center gap-1 rounded border px-2 text-xs ${data.selected ? 'border-emerald-600 ring-1 ring-emerald-500' : 'border-slate-300 dark:border-slate-600'} bg-white dark:bg-slate-950`}>
      <span className="font-mono">{n.id}</span>
      {n.isPrimary && <Badge tone="info">{t('topology.primary')}</Badge>}
      <Badge tone={statusTone(n.status)}>{t(`topology.statusValues.${n.status}`)}</Badge>
      {!n.isPrimary && n.lagBehindPrimary !== null && <span className="text-slate-500">{formatLag(n.lagBehindPrimary)}</span>}
    </div>
  )
}

const nodeTypes = { replicaGroup: GroupBox, member: MemberBox }

/**
 * The cluster as a graph laid out by ELK (coord above catalog above data groups, nodes inside their
 * group), drawn with React Flow. Read-only: actions live on the cards and in the table.
 */
export function TopologyGraph({ groups, selected, onSelect }: { groups: readonly TopologyGroup[]; selected?: string | undefined; onSelect: (id: string) => void }) {
  const [layout, setLayout] = useState<ElkNode | null>(null)
  const shape = JSON.stringify(groups.map((g) => [g.name, g.role, g.nodes.map((n) => n.id)]))
  useEffect(() => {
    let live = true
    const coord = groups.find((g) => g.role === 'coord')
    const catalog = groups.find((g) => g.role === 'catalog')
    const edges = groups.filter((g) => g.role === 'data').map((g) => ({ id: `e-${g.name}`, sources: [catalog?.name ?? coord?.name ?? g.name], targets: [g.name] }))
    if (coord !== undefined && catalog !== undefined) edges.push({ id: 'e-coord-catalog', sources: [coord.name], targets: [catalog.name] })
    const graph: ElkNode = {
      id: 'root',
      layoutOptions: { 'elk.algorithm': 'layered', 'elk.direction': 'DOWN', 'elk.spacing.nodeNode': '40', 'elk.layered.spacing.nodeNodeBetweenLayers': '60' },
      children: groups.map((g) => ({
        id: g.name,
        layoutOptions: { 'elk.algorithm': 'box', 'elk.padding': '[top=40,left=12,bottom=12,right=12]', 'elk.spacing.nodeNode': '8' },
        children: g.nodes.map((n) => ({ id: `${g.name}/${n.id}`, width: NODE_W, height: NODE_H })),
      })),
      edges: edges.filter((e) => e.sources[0] !== e.targets[0]),
    }
    elk.layout(graph).then((l) => { if (live) setLayout(l) }, () => { if (live) setLayout(null) })
    return () => { live = false }
    // Re-layout only when groups or membership change, not on every status refresh.
    // The groups themselves are read through `shape`.
  }, [shape])
  const { nodes, edges } = useMemo(() => {
    const ns: Node[] = []
    for (const gl of layout?.children ?? []) {
      const g = groups.find((x) => x.name === gl.id)
      if (g === undefined) continue
      ns.push({ id: g.name, type: 'replicaGroup', position: { x: gl.x ?? 0, y: gl.y ?? 0 }, data: { group: g }, style: { width: gl.width, height: gl.height }, draggable: false, selectable: false })
      for (const nl of gl.children ?? []) {
        const index = g.nodes.findIndex((n) => `${g.name}/${n.id}` === nl.id)
        if (index < 0) continue
        ns.push({ id: nl.id, type: 'member', parentId: g.name, extent: 'parent', position: { x: nl.x ?? 0, y: nl.y ?? 0 }, data: { group: g, index, selected: selected === g.nodes[index]!.id }, style: { width: NODE_W, height: NODE_H }, draggable: false })
      }
    }
    const es: Edge[] = (layout?.edges ?? []).map((e) => ({ id: e.id, source: (e as { sources: string[] }).sources[0]!, target: (e as { targets: string[] }).targets[0]!, animated: true }))
    return { nodes: ns, edges: es }
  }, [layout, groups, selected])
  return (
    <div className="h-[600px] rounded border border-slate-200 dark:border-slate-700" data-testid="topology-graph">
      <ReactFlow nodes={nodes} edges={edges} nodeTypes={nodeTypes} fitView nodesConnectable={false} onNodeClick={(_e, n) => { if (n.type === 'member') onSelect(n.id.slice(n.id.indexOf('/') + 1)) }} proOptions={{ hideAttribution: true }}>
        <Background />
      </ReactFlow>
    </div>
  )
}
