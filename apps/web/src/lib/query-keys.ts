/**
 * Query-key factory shared by every feature. Keys nest (cluster > data > collection space >
 * collection), so a mutation invalidates exactly the subtree it changed, and features that do
 * not import each other still agree on keys (creating a collection refreshes the tree).
 */
export const queryKeys = {
  clusters: () => ['clusters'] as const,
  cluster: (cluster: string) => ['cluster', cluster] as const,
  topology: (cluster: string) => [...queryKeys.cluster(cluster), 'topology'] as const,
  stopImpact: (cluster: string, node: string) => [...queryKeys.topology(cluster), 'stop-impact', node] as const,
  data: (cluster: string) => [...queryKeys.cluster(cluster), 'data'] as const,
  collectionSpaces: (cluster: string) => [...queryKeys.data(cluster), 'cs'] as const,
  collectionSpace: (cluster: string, cs: string) => [...queryKeys.collectionSpaces(cluster), cs] as const,
  collections: (cluster: string, cs: string) => [...queryKeys.collectionSpace(cluster, cs), 'cl'] as const,
  collection: (cluster: string, cs: string, cl: string) => [...queryKeys.collections(cluster, cs), cl] as const,
  documents: (cluster: string, cs: string, cl: string) => [...queryKeys.collection(cluster, cs, cl), 'documents'] as const,
  indexes: (cluster: string, cs: string, cl: string) => [...queryKeys.collection(cluster, cs, cl), 'indexes'] as const,
  lobs: (cluster: string, cs: string, cl: string) => [...queryKeys.collection(cluster, cs, cl), 'lobs'] as const,
  snapshots: (cluster: string, type: string) => [...queryKeys.cluster(cluster), 'snapshots', type] as const,
  savedQueries: () => ['saved-queries'] as const,
  users: () => ['users'] as const,
  audit: () => ['audit'] as const,
}

/** Path prefix of one cluster's API. */
export function clusterPath(cluster: string): string {
  return `/clusters/${encodeURIComponent(cluster)}`
}

/** Path prefix of one collection's API. */
export function collectionPath(cluster: string, cs: string, cl: string): string {
  return `${clusterPath(cluster)}/collection-spaces/${encodeURIComponent(cs)}/collections/${encodeURIComponent(cl)}`
}
