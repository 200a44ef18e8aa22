/**
 * Per-event-loop state without locks: {@link io.meshgate.kernel.loop.LoopShares} gives each loop its own
 * share of a cluster's counters or budget, {@link io.meshgate.kernel.loop.EventCounts} the counters a loop
 * writes and any reader sums.
 */
package io.meshgate.kernel.loop;
