package io.meshgate.resources.annotations;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One Ingress annotation Meshgate reads: one row of {@link IngressAnnotationTable}.
 *
 * @param name         the full key, e.g. {@code pipy.ingress.kubernetes.io/lb-type}
 * @param grammar      what the value may be, and its typed reading
 * @param defaultValue the value when the annotation is absent, or null when absence means "off"
 *                     in a way no value expresses (no rewrite, no Secret)
 * @param scope        what the annotation acts on
 * @param editedOn     where the console edits it
 * @param label        the console's label for its field
 * @param effect       what it does, one line
 * @param doc          the docs' note: where Meshgate differs from FSM, or what else to know; may be empty
 * @param <T>          the typed value
 */
public record IngressAnnotation<T>(String name, Grammar<T> grammar, T defaultValue, Scope scope,
                                   EditedOn editedOn, String label, String effect, String doc) {

    /** What an annotation acts on; the ingress controller reads the two kinds in different places. */
    public enum Scope {
        /** The settings of every route of the Ingress (the controller has one feature class per annotation). */
        ROUTES,
        /** How TLS for the Ingress's hosts is handled: passed through instead of terminated. */
        TLS_PASSTHROUGH
    }

    /** Where the console edits an annotation. */
    public enum EditedOn {
        /** A field of the Ingress form. */
        INGRESS_FORM,
        /** A checkbox per Ingress on the TLS passthrough screen. */
        TLS_PASSTHROUGH_SCREEN,
        /** No screen of its own: the Ingress's YAML. */
        YAML
    }

    public IngressAnnotation {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(grammar, "grammar");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(editedOn, "editedOn");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(effect, "effect");
        Objects.requireNonNull(doc, "doc");
    }

    /** The key without its {@code pipy.ingress.kubernetes.io/} or {@code meshgate.io/} prefix. */
    public String shortName() {
        return name.substring(name.indexOf('/') + 1);
    }

    /** Reads a value of this annotation. */
    public Parsed<T> parse(String text) {
        return grammar.parse(text);
    }

    /** The complete error message for a value, or empty when it is fine. */
    public Optional<String> problem(String text) {
        return grammar.parse(text).problem();
    }

    /** The default as the annotation would be written, or empty when there is none. */
    public Optional<String> defaultText() {
        return Optional.ofNullable(defaultValue).map(grammar::show);
    }

    /**
     * This annotation's value in an Ingress's annotations: the typed value, else the default (null if
     * there is none) when the annotation is absent or invalid. Invalid values never get this far in
     * a served Ingress: apply-time validation refuses them, and the controller does not serve an
     * Ingress whose annotations do not validate.
     */
    public T valueIn(Map<String, String> annotations) {
        String text = annotations.get(name);
        return text == null ? defaultValue : grammar.parse(text).valueIfValid().orElse(defaultValue);
    }

    /** Starts a row; scope {@link Scope#ROUTES}, edited on the {@link EditedOn#INGRESS_FORM}, no default, no doc note. */
    public static <T> Builder<T> builder(String name, Grammar<T> grammar) {
        return new Builder<>(name, grammar);
    }

    /** Builds a row field by field, so the table reads as labelled columns. */
    public static final class Builder<T> {
        private final String name;
        private final Grammar<T> grammar;
        private T defaultValue;
        private Scope scope = Scope.ROUTES;
        private EditedOn editedOn = EditedOn.INGRESS_FORM;
        private String label;
        private String effect;
        private String doc = "";

        private Builder(String name, Grammar<T> grammar) {
            this.name = name;
            this.grammar = grammar;
        }

        public Builder<T> defaultValue(T value) { defaultValue = value; return this; }
        public Builder<T> scope(Scope value) { scope = value; return this; }
        public Builder<T> editedOn(EditedOn value) { editedOn = value; return this; }
        public Builder<T> label(String value) { label = value; return this; }
        public Builder<T> effect(String value) { effect = value; return this; }
        public Builder<T> doc(String value) { doc = value; return this; }

        public IngressAnnotation<T> build() {
            return new IngressAnnotation<>(name, grammar, defaultValue, scope, editedOn, label, effect, doc);
        }
    }
}
