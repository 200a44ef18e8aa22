package io.meshgate.db;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The audit chain's hash: {@code hash = hex(SHA-256(canonical(row)))} where the canonical form is
 *
 * <pre>
 * "meshgate-audit-v1\n" prev_hash "\n" then, for each field in the order
 *   id, at (epoch ms), actor, source_address, verb, kind, namespace, name, resource_version,
 *   before_json, after_json, patch_json, message:
 *     null   -&gt; "-\n"
 *     value  -&gt; "+" &lt;UTF-8 byte length&gt; ":" &lt;UTF-8 bytes&gt; "\n"
 * </pre>
 *
 * Length prefixes make the encoding unambiguous (no value can imitate a field boundary), and the
 * version tag lets a future format coexist with rows hashed by this one. Numbers are decimal.
 */
final class AuditHasher {

    private static final byte[] DOMAIN = "meshgate-audit-v1\n".getBytes(StandardCharsets.US_ASCII);

    private AuditHasher() {
    }

    /** Hash of {@code row}; its own {@code hash} field is ignored. */
    static String hash(AuditRecord row) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.writeBytes(DOMAIN);
        out.writeBytes(row.prevHash().getBytes(StandardCharsets.US_ASCII));
        out.write('\n');
        field(out, Long.toString(row.id()));
        field(out, Long.toString(row.at().toEpochMilli()));
        field(out, row.actor());
        field(out, row.sourceAddress());
        field(out, row.verb().wireName());
        field(out, row.kind());
        field(out, row.namespace());
        field(out, row.name());
        field(out, row.resourceVersion() == null ? null : Long.toString(row.resourceVersion()));
        field(out, row.beforeJson());
        field(out, row.afterJson());
        field(out, row.patchJson());
        field(out, row.message());
        return Sha256.hex(out.toByteArray());
    }

    private static void field(ByteArrayOutputStream out, String value) {
        if (value == null) {
            out.write('-');
        } else {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            out.write('+');
            out.writeBytes(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
            out.write(':');
            out.writeBytes(bytes);
        }
        out.write('\n');
    }
}
