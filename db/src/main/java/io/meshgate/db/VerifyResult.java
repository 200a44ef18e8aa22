package io.meshgate.db;

/**
 * Outcome of walking the audit hash chain.
 *
 * @param ok            true when every row checks out
 * @param checkedRows   rows checked (up to and excluding the first broken one)
 * @param firstBrokenId id of the first row that fails (altered, out of chain, or the id after a
 *                      gap left by a deleted row), null when ok
 * @param reason        what failed, null when ok
 * @param headId        id of the last verified row (0 for an empty history)
 * @param headHash      hash of the last verified row: export it (log, metrics) as an anchor, since
 *                      only an outside copy reveals a rewritten or truncated tail
 */
public record VerifyResult(boolean ok, long checkedRows, Long firstBrokenId, String reason, long headId,
                           String headHash) {

    static VerifyResult valid(long checkedRows, long headId, String headHash) {
        return new VerifyResult(true, checkedRows, null, null, headId, headHash);
    }

    static VerifyResult broken(long checkedRows, long brokenId, String reason, long headId, String headHash) {
        return new VerifyResult(false, checkedRows, brokenId, reason, headId, headHash);
    }
}
