package io.meshgate.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** The two {@code create secret} forms; both print (dry run) or create the Secret. */
final class SecretCommands {
    private SecretCommands() {}

    /** Shared by both forms: the name, {@code --dry-run} and {@code -o}. */
    abstract static class Base extends ApiCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--dry-run", arity = "0..1", fallbackValue = "client", paramLabel = "none|client",
                description = "client: print the Secret instead of creating it")
        String dryRun = "none";

        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", converter = OutputConverter.class,
                description = "yaml or json (with --dry-run)")
        OutputFormat output;

        abstract ObjectNode secret();

        @Override
        void run() {
            boolean print = switch (dryRun) {
                case "none" -> false;
                case "client", "true" -> true;
                default -> throw usage("--dry-run must be none or client, not '" + dryRun + "'");
            };
            ObjectNode secret = secret();
            if (print) {
                switch (output == null ? OutputFormat.NAME : output) {
                    case JSON -> out().println(Json.pretty(secret));
                    case YAML -> out().print(Json.yaml(secret));
                    default -> out().println("secret/" + name + " created (dry run)");
                }
                return;
            }
            create(secret);
        }

        /** Creates, never replaces: an existing Secret is an error, as with kubectl create. */
        private void create(ObjectNode secret) {
            KindRef ref = catalog().resolve("secrets");
            String path = ref.objectPath(namespace(), name);
            try {
                api().get(path);
                throw new CliException("secrets \"" + name + "\" already exists in namespace " + namespace());
            } catch (ProblemException e) {
                if (e.status() != 404) {
                    throw e;
                }
            }
            api().put(path, secret);
            if (output == OutputFormat.YAML || output == OutputFormat.JSON) {
                out().print(output == OutputFormat.YAML ? Json.yaml(secret) : Json.pretty(secret) + "\n");
            } else {
                out().println("secret/" + name + " created");
            }
        }
    }

    /** {@code create secret generic NAME --from-file=[key=]path --from-literal=k=v}. */
    @Command(name = "generic", description = "Create a Secret from files and literal values.")
    static final class Generic extends Base {
        @Option(names = "--from-file", paramLabel = "[KEY=]PATH", description = "a file's bytes under KEY (default: its name)")
        List<String> fromFile = List.of();

        @Option(names = "--from-literal", paramLabel = "KEY=VALUE")
        List<String> fromLiteral = List.of();

        @Option(names = "--type", paramLabel = "TYPE", description = "the Secret's type (default Opaque)")
        String type = SecretBuilder.OPAQUE;

        @Override
        ObjectNode secret() {
            SecretBuilder b = new SecretBuilder(name, namespace()).type(type);
            fromFile.forEach(f -> b.file(f, ctx()));
            fromLiteral.forEach(b::literal);
            return b.build();
        }
    }

    /** {@code create secret tls NAME --cert=path --key=path}: type kubernetes.io/tls, keys tls.crt and tls.key. */
    @Command(name = "tls", description = "Create a TLS Secret from a PEM certificate and key.")
    static final class Tls extends Base {
        @Option(names = "--cert", required = true, paramLabel = "PATH", description = "PEM certificate (chain)")
        String cert;

        @Option(names = "--key", required = true, paramLabel = "PATH", description = "PEM private key")
        String key;

        @Override
        ObjectNode secret() {
            byte[] certPem = SecretBuilder.read(ctx().resolve(cert), cert);
            byte[] keyPem = SecretBuilder.read(ctx().resolve(key), key);
            // catch swapped or wrong files here, where the message can name the flag
            requirePem(certPem, "CERTIFICATE", "--cert", cert);
            requirePem(keyPem, "PRIVATE KEY", "--key", key);
            return new SecretBuilder(name, namespace()).type(SecretBuilder.TLS_TYPE)
                    .put("tls.crt", certPem).put("tls.key", keyPem).build();
        }

        private static void requirePem(byte[] pem, String label, String flag, String path) {
            String text = new String(pem, java.nio.charset.StandardCharsets.US_ASCII);
            if (!text.contains("-----BEGIN ") || !text.contains(label + "-----")) {
                throw new CliException(flag + " " + path + " holds no PEM " + label);
            }
        }
    }
}
