package io.meshgate.kernel.filter;

import com.google.re2j.Pattern;
import io.meshgate.config.Rewrite;
import io.meshgate.kernel.regex.Re2Patterns;

/** Builds {@link RewriteFilter}s: compiles the RE2 pattern and parses the replacement once per route. */
public final class RewriteFilterFactory implements FilterFactory<Rewrite> {

    @Override
    public Class<Rewrite> configType() {
        return Rewrite.class;
    }

    @Override
    public HttpFilter create(Rewrite config) {
        Pattern pattern = Re2Patterns.compile(config.pattern(), "rewrite pattern");
        return new RewriteFilter(pattern, ReplacementTemplate.parse(config.replacement(), pattern.groupCount()));
    }
}
