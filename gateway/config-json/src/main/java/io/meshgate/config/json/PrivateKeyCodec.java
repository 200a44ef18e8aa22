package io.meshgate.config.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonToken;
import io.meshgate.config.PrivateKeyPem;
import java.io.IOException;

/**
 * A private key as its inline PEM text, or {@value Redaction#REDACTED} in dumps that leave the process.
 * A redacted dump cannot be read back as a config, and an error never repeats the value read: it may be
 * (part of) a key.
 */
final class PrivateKeyCodec implements ValueCodec {
    static final PrivateKeyCodec INSTANCE = new PrivateKeyCodec();

    private PrivateKeyCodec() {}

    @Override
    public void write(Object value, JsonGenerator gen, WriteContext context) throws IOException {
        gen.writeString(context.redact() ? Redaction.REDACTED : ((PrivateKeyPem) value).pem());
    }

    @Override
    public Object read(JsonInput in) throws IOException {
        if (in.atNullElse(JsonToken.VALUE_STRING, "a private key must be a PEM string")) {
            return null;
        }
        String pem = in.parser().getText();
        if (Redaction.REDACTED.equals(pem)) {
            throw in.error("cannot read \"" + Redaction.REDACTED + "\" as a private key:"
                    + " this is a redacted dump: put the PEM private key back to use it as a config");
        }
        try {
            return PrivateKeyPem.of(pem);
        } catch (IllegalArgumentException e) {
            throw in.error("expected a PEM private key (-----BEGIN ... PRIVATE KEY-----)");
        }
    }
}
