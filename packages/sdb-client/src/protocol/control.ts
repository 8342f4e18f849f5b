/**
 * Header-only messages without a reply: disconnect 2008, interrupt 2009, interrupt-self 2020
 * (`common.c: clientBuildDisconnectMsg`, `clientBuildInterruptMsg`; `msgMessage.hpp: isNoReplyMsg`).
 */

/** Graceful end of the session; no reply. */
export interface DisconnectRequest {
  readonly kind: 'disconnect'
}

/** Aborts the running operation and closes every context of the session; no reply. */
export interface InterruptRequest {
  readonly kind: 'interrupt'
}

/** Aborts only the running operation; no reply. */
export interface InterruptSelfRequest {
  readonly kind: 'interruptSelf'
}
