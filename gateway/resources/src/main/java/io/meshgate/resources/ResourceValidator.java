package io.meshgate.resources;

import io.meshgate.resources.schema.FieldPath;
import io.meshgate.resources.schema.Problems;
import java.util.List;
import java.util.Objects;

/**
 * Validates a resource the way the api-server, the CLI's dry run and the console all must: the
 * kind is known, its apiVersion accepted, the metadata follows Kubernetes' rules
 * ({@link MetadataValidator}), and the kind's own {@link Validator} accepts the rest. Returns
 * every problem at once with its field path; never throws on bad input. The default namespace is
 * not applied here (see {@link Resource#withDefaultNamespace}), and {@code status} is not checked:
 * controllers write it, users do not.
 */
public final class ResourceValidator {
    private static final ResourceValidator STANDARD = new ResourceValidator(KindRegistry.standard());

    private final KindRegistry registry;

    public ResourceValidator(KindRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** A validator over {@link KindRegistry#standard()}. */
    public static ResourceValidator standard() {
        return STANDARD;
    }

    /** Every problem of this resource; empty when it may be stored. */
    public List<FieldError> validate(Resource resource) {
        Problems problems = new Problems();
        KindInfo info = registry.byKind(resource.kind()).orElse(null);
        if (info == null) {
            problems.unsupported(FieldPath.of("kind"), resource.kind(), registry.kindNames());
            return problems.list();
        }
        if (!info.accepts(resource.apiVersion())) {
            problems.unsupported(FieldPath.of("apiVersion"), resource.apiVersion(), info.apiVersions());
        }
        MetadataValidator.check(resource.metadata(), info, problems);
        info.validator().validate(resource).forEach(problems::add);
        return problems.list();
    }
}
