package io.meshgate.resources.annotations;

import io.meshgate.resources.schema.Format;

/** Text that must fit one of the schema's {@link Format}s (a DNS name, say); the value is the text itself. */
public final class FormatGrammar implements Grammar<String> {
    private final Format format;
    private final String accepted;

    public FormatGrammar(Format format, String accepted) {
        this.format = format;
        this.accepted = accepted;
    }

    @Override
    public Parsed<String> parse(String text) {
        return format.problem(text).<Parsed<String>>map(p -> Parsed.invalid(Messages.invalid(text, p)))
                .orElseGet(() -> Parsed.value(text));
    }

    @Override
    public String accepted() {
        return accepted;
    }
}
