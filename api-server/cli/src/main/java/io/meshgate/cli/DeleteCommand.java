package io.meshgate.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code delete KIND NAME} or {@code delete -f FILE}: deletes objects one by one, reporting each. */
@Command(name = "delete", description = "Delete a resource by kind and name, or those named in files.")
final class DeleteCommand extends ApiCommand {
    @Parameters(arity = "0..2", paramLabel = "KIND NAME")
    List<String> target = List.of();

    @Option(names = {"-f", "--filename"}, paramLabel = "FILE", description = "delete the objects in this manifest")
    List<String> files = List.of();

    @Option(names = "--ignore-not-found", description = "treat a missing object as deleted")
    boolean ignoreNotFound;

    @Override
    void run() {
        if (files.isEmpty() == (target.size() != 2)) {
            throw usage(files.isEmpty() ? "delete needs KIND NAME, or -f FILE"
                    : "give either KIND NAME or -f FILE, not both");
        }
        if (!files.isEmpty()) {
            deleteManifests();
            return;
        }
        delete(catalog().resolve(target.get(0)), namespace(), target.get(1));
    }

    private void deleteManifests() {
        int failures = 0;
        for (Manifest m : Manifest.read(files, ctx())) {
            for (ObjectNode o : m.objects()) {
                String kind = o.path("kind").asText();
                KindRef ref = catalog().byKind(kind).orElseGet(() -> catalog().resolve(kind));
                String ns = namespaceGiven() ? namespace()
                        : o.path("metadata").path("namespace").asText(MeshgateCommand.DEFAULT_NAMESPACE);
                try {
                    delete(ref, ns, o.path("metadata").path("name").asText());
                } catch (CliException e) {
                    // like kubectl, carry on with the other objects and fail at the end
                    e.lines().forEach(ctx().err()::println);
                    failures++;
                }
            }
        }
        if (failures > 0) {
            throw new CliException(failures + " object(s) could not be deleted");
        }
    }

    private void delete(KindRef ref, String ns, String name) {
        try {
            api().delete(ref.objectPath(ns, name));
        } catch (ProblemException e) {
            // an unknown kind is a 404 too; only a missing object of a known kind may be ignored
            if (ignoreNotFound && e.status() == 404 && catalog().byKind(ref.kind()).isPresent()) {
                return;
            }
            throw e;
        }
        out().println(ref.qualifiedName() + " \"" + name + "\" deleted");
    }
}
