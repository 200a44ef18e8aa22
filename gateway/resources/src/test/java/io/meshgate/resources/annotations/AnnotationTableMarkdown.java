package io.meshgate.resources.annotations;

import java.util.List;

/** Renders {@link IngressAnnotationTable} as the Markdown table the ingress controller's README shows. */
final class AnnotationTableMarkdown {
    static final String START = "<!-- annotation table: rendered from IngressAnnotationTable"
            + " (AnnotationTableReadmeTest); change the table, then paste the rendering here -->";
    static final String END = "<!-- end of annotation table -->";

    private AnnotationTableMarkdown() {}

    /** The table, one line per annotation, with a trailing newline. */
    static String render() {
        StringBuilder out = new StringBuilder();
        out.append(row(List.of("Annotation", "Accepted values", "Default", "What it does", "Notes")));
        out.append(row(List.of("---", "---", "---", "---", "---")));
        for (IngressAnnotation<?> a : IngressAnnotationTable.ALL) {
            out.append(row(List.of("`" + a.name() + "`", cell(a.grammar().accepted()),
                    a.defaultText().map(d -> d.isEmpty() ? "(empty)" : "`" + d + "`").orElse("none"),
                    cell(a.effect()), cell(a.doc()))));
        }
        return out.toString();
    }

    private static String row(List<String> cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }

    /** Table text as Markdown shows it literally: a pipe would end the cell, and GitHub reads $...$ as math. */
    private static String cell(String text) {
        return text.replace("|", "\\|").replace("$", "\\$");
    }
}
