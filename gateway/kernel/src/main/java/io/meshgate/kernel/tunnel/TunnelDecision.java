package io.meshgate.kernel.tunnel;

/** What {@link TunnelPolicy} says about a tunnel request. */
sealed interface TunnelDecision {

    /**
     * The tunnel may open.
     *
     * @param rule  the allowing rule's name, or {@link TunnelPolicy#PASSTHROUGH}
     * @param named true when the rule named the destination (a host or an address range); false for a
     *              rule without hosts and addresses and for passthrough, which the address guard then
     *              keeps off the gateway's own host ({@link TunnelPolicy#guard})
     */
    record Allowed(String rule, boolean named) implements TunnelDecision {}

    /**
     * The tunnel must not open.
     *
     * @param reason one of a few fixed phrases (the denial counter's tag)
     * @param detail what was asked and why no rule allowed it, for the access log
     */
    record Denied(String reason, String detail) implements TunnelDecision {}

    /** A rule would allow the request if the name's addresses lie in its ranges: resolve, then ask again. */
    record NeedsAddresses() implements TunnelDecision {}
}
