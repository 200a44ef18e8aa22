/**
 * Compilation of configured regular expressions with RE2, whose matching time is linear in the input,
 * for route, header and rewrite patterns alike. Knows nothing of HTTP, routes or filters: callers say
 * where a pattern came from so that a syntax error names it.
 */
package io.meshgate.kernel.regex;
