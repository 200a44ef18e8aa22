package io.meshgate.console.api;

/**
 * The caller a token belongs to ({@code GET /api/v1/whoami}).
 *
 * @param name the token's name (the actor in the audit)
 * @param role {@code viewer}, {@code editor} or {@code admin}
 */
public record Whoami(String name, String role) {

    /** Editors and admins may write; viewers only read. */
    public boolean canEdit() {
        return "editor".equals(role) || "admin".equals(role);
    }
}
