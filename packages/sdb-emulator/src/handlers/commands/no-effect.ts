import type { CommandHandler } from '../types.js'

/**
 * Commands whose effect the emulator has no counterpart for (configuration reloads, cache
 * invalidation, statistics analysis, syncing to disk: every write is already durable; exporting
 * the configuration to files the emulator does not keep), answered
 * with the empty success a real server gives once done.
 */
export const noEffect: CommandHandler = () => ({})
