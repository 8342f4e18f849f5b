import { SdbFault } from '../engine/fault.js'

/**
 * Run states of one simulated node process. A node accepts connections only while `running`;
 * `starting` and `stopping` exist so that a second start/stop during a transition is refused
 * instead of racing the listener.
 */
export const NodeState = {
  Stopped: 'stopped',
  Starting: 'starting',
  Running: 'running',
  Stopping: 'stopping',
} as const

/** One of the {@link NodeState} values. */
export type NodeState = (typeof NodeState)[keyof typeof NodeState]

const allowed: Readonly<Record<NodeState, readonly NodeState[]>> = {
  stopped: ['starting'],
  starting: ['running', 'stopped'],
  running: ['stopping'],
  stopping: ['stopped'],
}

/**
 * Checks a state change against the state machine.
 *
 * @throws SdbFault -142 (service is starting) or -160 (failed to operate on node) for a change
 *   the machine does not allow, as sdbcm would answer a start/stop racing another one.
 */
export function assertTransition(from: NodeState, to: NodeState): void {
  if (allowed[from].includes(to)) return
  if (from === 'starting') throw new SdbFault(-142, 'Node is starting')
  throw new SdbFault(-160, `Node can not go from ${from} to ${to}`)
}
