import type { BsonDocument } from '@canopy/sdb-client/bson'
import { compileCondition } from '../engine/matcher.js'
import { compileSelector } from '../engine/selector.js'
import { parseSort, sortKey, type SortField } from '../engine/sort.js'
import { compareValues } from '../engine/compare.js'
import { topK } from '../engine/planner.js'
import type { BsonValue } from '../engine/values.js'
import type { ClusterNode } from '../cluster/cluster.js'
import type { NodeStore } from '../cluster/data-router.js'
import type { AccessPlan } from '../engine/index.js'
import { planFor, readMatching } from './access-path.js'
import { count, countCollection } from './node-counters.js'
import { queryAndModify } from './query-and-modify.js'
import { explain } from './explain.js'
import { QueryFlag, type HandlerEnv, type HandlerResult, type QueryArgs } from './types.js'

/**
 * Matching records of every group of the collection, group by group, through the access path;
 * `origin` (when given) learns which node each record came from.
 */
export function* scanMatching(
  targets: readonly NodeStore[],
  name: string,
  matches: (doc: BsonDocument) => boolean,
  plan: AccessPlan = TABLE_SCAN,
  origin?: WeakMap<BsonDocument, ClusterNode>,
): Generator<BsonDocument> {
  for (const t of targets) {
    for (const rec of readMatching(t, name, plan, matches)) {
      origin?.set(rec.doc, t.node)
      yield rec.doc
    }
  }
}

const TABLE_SCAN: AccessPlan = { scanType: 'tbscan', indexName: '', ranges: [], ixBound: null }

/**
 * A query on `cs.cl`: gathers the matching records from a running node of every group that
 * holds the collection (the coordinator's job), in the orderBy's order when asked, projects with
 * the selector; skip/limit are applied by the context, which pulls the cursor lazily. When the
 * index walk already yields the order, each group streams and the groups' streams are merged,
 * so a page reads about skip + limit records; otherwise a limit keeps only the best
 * skip + limit matches in memory. Explain and query-and-modify have their own paths.
 */
export function dataQuery(env: HandlerEnv, args: QueryArgs): HandlerResult {
  const info = env.router.collection(args.name)
  if ((args.flags & QueryFlag.Modify) !== 0) return queryAndModify(env, info, args)
  if ((args.flags & QueryFlag.Explain) !== 0) return explain(env, info, args)
  const matches = compileCondition(args.condition)
  const project = compileSelector(args.selector)
  const sort = parseSort(args.orderBy)
  const targets = env.router.readTargets(info, env.node)
  const plan = planFor(env.catalog, info.name, args.condition, args.hint, args.orderBy)
  // TotalSelect (per node and per collection): the records a node hands out, past the skip.
  const origin = new WeakMap<BsonDocument, ClusterNode>()
  let pulled = 0
  const selected = (doc: BsonDocument): BsonDocument => {
    const node = origin.get(doc)
    if (node !== undefined && pulled++ >= args.skip) {
      count(node, 'TotalSelect')
      countCollection(node, info.name, 'TotalSelect')
    }
    return project(doc)
  }
  return { cursor: mapIterator(ordered(targets, info.name, matches, plan, sort, args, origin), selected), skip: args.skip, limit: args.limit }
}

function ordered(
  targets: readonly NodeStore[],
  name: string,
  matches: (doc: BsonDocument) => boolean,
  plan: AccessPlan,
  sort: readonly SortField[],
  args: QueryArgs,
  origin: WeakMap<BsonDocument, ClusterNode>,
): Iterator<BsonDocument> {
  if (sort.length === 0) return scanMatching(targets, name, matches, plan, origin)
  if (plan.indexOrder !== undefined) {
    // Each group's stream yields at most skip + limit records to the merge.
    const rowsHint = args.limit >= 0 ? Math.max(0, args.skip) + args.limit : undefined
    const streams = targets.map((t) =>
      mapIterator(readMatching(t, name, plan, matches, rowsHint), (r) => {
        origin.set(r.doc, t.node)
        return r.doc
      }),
    )
    return streams.length === 1 ? streams[0]! : mergeOrdered(streams, sort)
  }
  // The context drops `skip` records and stops after `limit`, so only the first skip + limit
  // in sort order can ever be sent.
  const k = args.limit >= 0 ? Math.max(0, args.skip) + args.limit : -1
  return lazy(() => topK(scanMatching(targets, name, matches, plan, origin), sort, k))
}

/** Defers the read and the sort until the cursor is first pulled (a query may never be read). */
function* lazy(run: () => readonly BsonDocument[]): Generator<BsonDocument> {
  yield* run()
}

interface Head {
  readonly doc: BsonDocument
  readonly keys: readonly BsonValue[]
  readonly src: number
}

/**
 * K-way merge of streams that are each in sort order (one per group): a min-heap of each
 * stream's head, ties taken from the earlier group as a stable sort of the groups in turn would.
 */
function* mergeOrdered<T extends BsonDocument>(streams: readonly Iterator<T>[], sort: readonly SortField[]): Generator<BsonDocument> {
  const cmp = (a: Head, b: Head): number => {
    for (let j = 0; j < sort.length; j++) {
      const c = compareValues(a.keys[j], b.keys[j])
      if (c !== 0) return sort[j]!.dir === 1 ? c : -c
    }
    return a.src - b.src
  }
  const heap: Head[] = []
  const push = (src: number): void => {
    const r = streams[src]!.next()
    if (r.done === true) return
    heap.push({ doc: r.value, keys: sort.map((f) => sortKey(r.value, f)), src })
    for (let i = heap.length - 1; i > 0; ) {
      const p = (i - 1) >> 1
      if (cmp(heap[i]!, heap[p]!) >= 0) break
      ;[heap[i], heap[p]] = [heap[p]!, heap[i]!]
      i = p
    }
  }
  const pop = (): Head => {
    const top = heap[0]!
    const last = heap.pop()!
    if (heap.length > 0) {
      heap[0] = last
      for (let i = 0; ; ) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < heap.length && cmp(heap[l]!, heap[m]!) < 0) m = l
        if (r < heap.length && cmp(heap[r]!, heap[m]!) < 0) m = r
        if (m === i) break
        ;[heap[i], heap[m]] = [heap[m]!, heap[i]!]
        i = m
      }
    }
    return top
  }
  for (let i = 0; i < streams.length; i++) push(i)
  while (heap.length > 0) {
    const top = pop()
    yield top.doc
    push(top.src)
  }
}

function* mapIterator<A, B>(it: Iterator<A>, fn: (d: A) => B): Generator<B> {
  for (let r = it.next(); r.done !== true; r = it.next()) yield fn(r.value)
}
