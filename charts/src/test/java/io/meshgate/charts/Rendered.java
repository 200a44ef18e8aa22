package io.meshgate.charts;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The objects {@code helm template} renders from charts/meshgate with some values, each read with
 * fabric8's typed model (a Deployment is a {@code Deployment}, not a map), as a cluster would see them.
 */
final class Rendered {
    static final Path CHART = Path.of("meshgate");
    static final String NAMESPACE = "fsm-system";
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    final String text;
    final List<HasMetadata> objects;

    private Rendered(String text, List<HasMetadata> objects) {
        this.text = text;
        this.objects = objects;
    }

    /** Renders with {@code --set key=value} for each entry (helm-java's set is --set). */
    static Rendered with(Map<String, Object> values) {
        TemplateCommand template = new Helm(CHART).template().withName("meshgate").withNamespace(NAMESPACE);
        values.forEach(template::set);
        String text = template.call();
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : text.split("(?m)^---\\s*$")) {
            if (document.lines().allMatch(line -> line.isBlank() || line.startsWith("#"))) {
                continue;
            }
            objects.add(SERIALIZATION.unmarshal(document, HasMetadata.class));
        }
        return new Rendered(text, List.copyOf(objects));
    }

    static KubernetesSerialization serialization() {
        return SERIALIZATION;
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
    }

    <T extends HasMetadata> T get(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError(
                "no " + type.getSimpleName() + " " + name + " rendered; rendered: " + names()));
    }

    List<String> names() {
        return objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
    }
}
