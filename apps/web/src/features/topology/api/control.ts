import type { CreateNodeBody } from '@canopy/api-contract'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { apiFetch } from '../../../lib/api-client.js'
import { clusterPath, queryKeys } from '../../../lib/query-keys.js'

/** What a start/stop acts on. */
export interface ControlTarget {
  readonly kind: 'node' | 'group'
  /** "host:port" for a node, the group name for a group. */
  readonly id: string
  readonly action: 'start' | 'stop'
}

/** Mutation key of start/stop actions, read back by the map to show starting/stopping. */
export const controlMutationKey = (cluster: string) => ['cluster', cluster, 'control'] as const

/** `POST .../nodes/:node/start|stop` or `POST .../groups/:group/start|stop`. */
export function controlTarget(cluster: string, target: ControlTarget): Promise<unknown> {
  const base = target.kind === 'node' ? 'nodes' : 'groups'
  return apiFetch(`${clusterPath(cluster)}/${base}/${encodeURIComponent(target.id)}/${target.action}`, { method: 'POST' })
}

/** Starts or stops a node or group, then refreshes the topology. */
export function useControl(cluster: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationKey: controlMutationKey(cluster),
    mutationFn: (target: ControlTarget) => controlTarget(cluster, target),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.topology(cluster) }),
  })
}

/** Creates a replica group. */
export function useCreateGroup(cluster: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (name: string) => apiFetch(`${clusterPath(cluster)}/groups`, { method: 'POST', body: { name } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.topology(cluster) }),
  })
}

/** Adds a node to a group. */
export function useAddNode(cluster: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: ({ group, body }: { group: string; body: CreateNodeBody }) => apiFetch(`${clusterPath(cluster)}/groups/${encodeURIComponent(group)}/nodes`, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.topology(cluster) }),
  })
}

/** Removes a node from a group. */
export function useRemoveNode(cluster: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: ({ group, node }: { group: string; node: string }) => apiFetch(`${clusterPath(cluster)}/groups/${encodeURIComponent(group)}/nodes/${encodeURIComponent(node)}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.topology(cluster) }),
  })
}
