package io.meshgate.kernel.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PathNormalizerTest {

    private static final boolean MERGE = true;
    private static final boolean KEEP = false;

    /** input, mergeSlashes, expected canonical path. */
    static Stream<Arguments> accepted() {
        return Stream.of(
                // every spelling of /admin must reach the matcher as /admin
                arguments("/admin", MERGE, "/admin"),
                arguments("/%61dmin", MERGE, "/admin"),
                arguments("//admin", MERGE, "/admin"),
                arguments("/./admin", MERGE, "/admin"),
                arguments("/x/../admin", MERGE, "/admin"),
                arguments("/x/%2e%2e/admin", MERGE, "/admin"),
                arguments("/x/.%2E/admin", MERGE, "/admin"),
                arguments("/x/%2E/admin", MERGE, "/x/admin"),
                arguments("/admin;x=1", MERGE, "/admin;x=1"),
                arguments("/ADMIN", MERGE, "/ADMIN"),
                // slashes
                arguments("//admin", KEEP, "//admin"),
                arguments("/a///b///", MERGE, "/a/b/"),
                arguments("//", MERGE, "/"),
                arguments("//", KEEP, "//"),
                arguments("/a//../b", MERGE, "/b"),
                arguments("/a//../b", KEEP, "/a/b"),
                // RFC 3986 §5.2.4 corner cases, trailing slash kept
                arguments("/", MERGE, "/"),
                arguments("/a/b/", MERGE, "/a/b/"),
                arguments("/a/b/..", MERGE, "/a/"),
                arguments("/a/.", MERGE, "/a/"),
                arguments("/a/..", MERGE, "/"),
                arguments("/a/./b/./", MERGE, "/a/b/"),
                arguments("/a;x=1/..", MERGE, "/"),
                arguments("/.hidden/file", MERGE, "/.hidden/file"),
                arguments("/...", MERGE, "/..."),
                arguments("/a/..b/.c", MERGE, "/a/..b/.c"),
                // escapes: unreserved decoded, others kept with upper-case hex
                arguments("/%7e%41%2D%5f%2e", MERGE, "/~A-_."),
                arguments("/a%3ab", MERGE, "/a%3Ab"),
                arguments("/caf%c3%a9", MERGE, "/caf%C3%A9"),
                arguments("/a%20b%25", MERGE, "/a%20b%25"),
                // raw characters that are not allowed in a path are encoded
                arguments("/a b", MERGE, "/a%20b"),
                arguments("/a\"b<c>", MERGE, "/a%22b%3Cc%3E"),
                arguments("/a#b", MERGE, "/a%23b"),
                arguments("/a|b{c}^`[]", MERGE, "/a%7Cb%7Bc%7D%5E%60%5B%5D"),
                arguments("/caf\u00e9", MERGE, "/caf%E9"),
                arguments("/\u20ac", MERGE, "/%E2%82%AC"),
                arguments("/\uD83D\uDE00", MERGE, "/%F0%9F%98%80"),
                // sub-delims, ':' and '@' stay raw
                arguments("/!$&'()*+,;=:@", MERGE, "/!$&'()*+,;=:@"));
    }

    @ParameterizedTest(name = "{0} (merge={1}) -> {2}")
    @MethodSource("accepted")
    void canonicalises(String input, boolean mergeSlashes, String expected) {
        NormalizedTarget result = PathNormalizer.normalize(input, mergeSlashes);

        assertThat(result.error()).isNull();
        assertThat(result.ok()).isTrue();
        assertThat(result.path()).isEqualTo(expected);
        assertThat(result.rawQuery()).isNull();
    }

    @ParameterizedTest(name = "{0} is a fixed point")
    @MethodSource("accepted")
    void canonicalFormIsStable(String input, boolean mergeSlashes, String expected) {
        assertThat(PathNormalizer.normalize(expected, mergeSlashes).path()).isEqualTo(expected);
    }

    /** input, error message fragment. */
    static Stream<Arguments> refused() {
        return Stream.of(
                arguments("", "empty request target"),
                arguments("admin", "must start with '/'"),
                arguments("*", "must start with '/'"),
                arguments("http://example.com/", "must start with '/'"),
                arguments("?x=1", "must start with '/'"),
                // escaped separators (Envoy CVE-2021-29492)
                arguments("/x/..%2fadmin", "encoded slash not allowed"),
                arguments("/x%2f..%2fadmin", "encoded slash not allowed"),
                arguments("/x/..%2Fadmin", "encoded slash not allowed"),
                arguments("/x/..%5cadmin", "encoded backslash not allowed"),
                arguments("/x/..\\admin", "backslash not allowed"),
                // climbing above the root: 400 like nginx
                arguments("/../../etc/passwd", "path climbs above root"),
                arguments("/..", "path climbs above root"),
                arguments("/a/../..", "path climbs above root"),
                arguments("/%2e%2e/x", "path climbs above root"),
                arguments("/a/../../b/", "path climbs above root"),
                // Servlet containers read "..;x" as ".."
                arguments("/x/..;/admin", "dot segment with parameters not allowed"),
                arguments("/x/.;a/admin", "dot segment with parameters not allowed"),
                // control characters, raw or escaped
                arguments("/ok%00.html", "encoded control character not allowed"),
                arguments("/ok%0d%0aX-Injected:%20yes", "encoded control character not allowed"),
                arguments("/ok%7F", "encoded control character not allowed"),
                arguments("/ok\u0000.html", "control character in path"),
                arguments("/a\r\nb", "control character in path"),
                arguments("/a\tb", "control character in path"),
                // broken escapes
                arguments("/a%", "invalid percent-encoding"),
                arguments("/a%2", "invalid percent-encoding"),
                arguments("/a%zz", "invalid percent-encoding"),
                arguments("/a%%41", "invalid percent-encoding"),
                arguments("/a%\u0663\u0663", "invalid percent-encoding"), // Arabic-Indic digits are not hex
                arguments("/a\uD800b", "invalid character in path"),
                // the query is raw but may not carry line breaks or NUL
                arguments("/a?x=1\r\nX-Injected: yes", "control character in query"),
                arguments("/a?x=\u0000", "control character in query"),
                arguments("/a?x=\n", "control character in query"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("refused")
    void refuses(String input, String message) {
        for (boolean mergeSlashes : new boolean[] {true, false}) {
            NormalizedTarget result = PathNormalizer.normalize(input, mergeSlashes);

            assertThat(result.ok()).isFalse();
            assertThat(result.error()).contains(message);
            assertThat(result.path()).isNull();
        }
    }

    @Test
    void nullIsRefused() {
        assertThat(PathNormalizer.normalize(null, true).error()).isEqualTo("empty request target");
    }

    @Test
    void queryIsKeptRawWhilePathIsCanonicalised() {
        NormalizedTarget result = PathNormalizer.normalize("/a/../%62?x=%2f..&y=%61+b#frag", true);

        assertThat(result.path()).isEqualTo("/b");
        assertThat(result.rawQuery()).isEqualTo("x=%2f..&y=%61+b#frag");
        assertThat(result.target()).isEqualTo("/b?x=%2f..&y=%61+b#frag");
    }

    @Test
    void emptyQueryIsKeptDistinctFromNoQuery() {
        assertThat(PathNormalizer.normalize("/a?", true).rawQuery()).isEmpty();
        assertThat(PathNormalizer.normalize("/a?", true).target()).isEqualTo("/a?");
        assertThat(PathNormalizer.normalize("/a", true).rawQuery()).isNull();
        assertThat(PathNormalizer.normalize("/a", true).target()).isEqualTo("/a");
    }

    @Test
    void targetOfARefusedPathThrows() {
        NormalizedTarget refused = PathNormalizer.normalize("/..", true);

        assertThatThrownBy(refused::target).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("path climbs above root");
    }

    /**
     * Random paths built from the tricky pieces: whatever is accepted must be canonical: rooted, free
     * of dot segments, of escaped separators, of lower-case escapes, and stable when normalised again.
     */
    @Test
    void randomTrickyPathsAreCanonicalOrRefused() {
        String[] pieces = {"/", "//", ".", "..", "%2e", "%2E", "%2e%2e", "a", "%41", "%3a", ";", "..;", "%2f",
                "%5c", "\\", "%", "%0a", "b.c", "~", "%7E", "é"};
        Random random = new Random(42);
        int accepted = 0;
        for (int n = 0; n < 20_000; n++) {
            StringBuilder input = new StringBuilder("/");
            int length = 1 + random.nextInt(8);
            for (int i = 0; i < length; i++) {
                input.append(pieces[random.nextInt(pieces.length)]);
            }
            boolean mergeSlashes = random.nextBoolean();
            NormalizedTarget result = PathNormalizer.normalize(input.toString(), mergeSlashes);
            if (!result.ok()) {
                continue;
            }
            accepted++;
            String path = result.path();
            assertThat(path).as("from %s", input).startsWith("/")
                    .doesNotContain("\\").doesNotContainIgnoringCase("%2f").doesNotContainIgnoringCase("%5c")
                    .doesNotContainIgnoringCase("%2e").doesNotContain("%7E").doesNotContain("%41")
                    .doesNotContain("%3a").doesNotContain("/./").doesNotContain("/../")
                    .doesNotEndWith("/.").doesNotEndWith("/..");
            if (mergeSlashes) {
                assertThat(path).as("from %s", input).doesNotContain("//");
            }
            assertThat(PathNormalizer.normalize(path, mergeSlashes).path()).as("from %s", input).isEqualTo(path);
        }
        assertThat(accepted).as("the generator must exercise the accepting branch too").isGreaterThan(1_000);
    }
}
