package io.meshgate.resources.annotations;

import com.google.re2j.Pattern;
import io.meshgate.resources.schema.Formats;

/**
 * An RE2 regular expression, compiled. RE2 matches in linear time, so a pattern such as
 * {@code (a+)+$} cannot stall the gateway the way it would a backtracking engine.
 */
public final class RegexGrammar implements Grammar<Pattern> {

    @Override
    public Parsed<Pattern> parse(String text) {
        return Formats.REGEX.problem(text).<Parsed<Pattern>>map(p -> Parsed.invalid(Messages.invalid(text, p)))
                .orElseGet(() -> Parsed.value(Pattern.compile(text)));
    }

    @Override
    public String accepted() {
        return "an RE2 regular expression matched against the request path, e.g. ^/httpbin/?";
    }

    @Override
    public String show(Pattern value) {
        return value.pattern();
    }
}
