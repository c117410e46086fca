package dev.tributary.cli;

import dev.tributary.operator.dashboard.build.OperatorDashboard;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code tributary render [options] FILE|DIR...}: validates like {@code validate}, then prints the objects the
 * operator would create. Problems go to stderr (stdout is the YAML, often piped into kubectl), and nothing is
 * rendered when there is any.
 */
final class RenderCommand {

    static final String USAGE = """
              render     print, as YAML, the Kubernetes objects the operator would create for the resources (the
                         operator's own builders), and the Kafka topics it would create as a comment block; for
                         review, or `kubectl apply --dry-run=server -f -`. Validates first: on any problem it
                         prints them on stderr as validate does, renders nothing and exits 1.
                --image IMAGE                  runtime image of Pipelines without spec.image
                                               (default %s)
                --bootstrap-servers HOSTS      the operator's default Kafka cluster (default %s)
                --security-protocol PROTOCOL   PLAINTEXT (default), SSL, SASL_PLAINTEXT, SASL_SSL
                --sasl-mechanism MECHANISM     PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 (default)
                --credentials-secret NS/NAME   the operator's Kafka credentials Secret (a reference)
                --ca-certificate NS/NAME/KEY   the Secret key with the brokers' CA (PEM), for SSL and SASL_SSL
                --operator-namespace NS        let in by each Pipeline's NetworkPolicy (default %s)
                --metrics-namespaces NS,...    further namespaces let in on the metrics port
                --no-sql                       skip planning the SQL with Flink
              render --operator-dashboard      print the operator's own Grafana dashboard (JSON), as the Helm
                                               chart ships it (grafanaDashboard.enabled)
            """.formatted(RenderSettings.defaults().image(), RenderSettings.DEFAULT_BOOTSTRAP_SERVERS,
            RenderSettings.defaults().operatorNamespace());

    static final String OPERATOR_DASHBOARD = "--operator-dashboard";

    static final String FULL_USAGE = "usage: tributary render [options] FILE|DIR...\n\n" + USAGE;

    private RenderCommand() {
    }

    /** Runs {@code render} with the arguments after the command name; returns the exit code. */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.contains(OPERATOR_DASHBOARD)) {
            if (args.size() > 1) {
                return usage(err, OPERATOR_DASHBOARD + " takes no other arguments");
            }
            out.print(OperatorDashboard.json());
            return 0;
        }
        RenderSettings defaults = RenderSettings.defaults();
        String image = defaults.image();
        String bootstrap = defaults.bootstrapServers();
        String protocol = defaults.securityProtocol();
        String mechanism = defaults.saslMechanism();
        Optional<String> credentials = Optional.empty();
        Optional<String> caCertificate = Optional.empty();
        String operatorNamespace = defaults.operatorNamespace();
        List<String> metricsNamespaces = List.of();
        boolean sql = true;
        List<Path> paths = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--no-sql")) {
                sql = false;
                continue;
            }
            if (!arg.startsWith("-")) {
                paths.add(Path.of(arg));
                continue;
            }
            String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String value;
            if (arg.contains("=")) {
                value = arg.substring(arg.indexOf('=') + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                return usage(err, "option " + flag + " needs a value");
            }
            if (value.isBlank()) {
                return usage(err, "option " + flag + " needs a value");
            }
            switch (flag) {
                case "--image" -> image = value;
                case "--bootstrap-servers" -> bootstrap = value;
                case "--security-protocol" -> {
                    if (!RenderSettings.SECURITY_PROTOCOLS.contains(value)) {
                        return usage(err, "--security-protocol '" + value + "' is not one of "
                                + String.join(", ", RenderSettings.SECURITY_PROTOCOLS));
                    }
                    protocol = value;
                }
                case "--sasl-mechanism" -> {
                    if (!RenderSettings.SASL_MECHANISMS.contains(value)) {
                        return usage(err, "--sasl-mechanism '" + value + "' is not one of "
                                + String.join(", ", RenderSettings.SASL_MECHANISMS));
                    }
                    mechanism = value;
                }
                case "--credentials-secret" -> {
                    if (!value.matches("[a-z0-9-]+/[a-z0-9.-]+")) {
                        return usage(err, "--credentials-secret '" + value + "' must be namespace/name");
                    }
                    credentials = Optional.of(value);
                }
                case "--ca-certificate" -> {
                    if (!value.matches("[a-z0-9-]+/[a-z0-9.-]+/[-._a-zA-Z0-9]+")) {
                        return usage(err, "--ca-certificate '" + value + "' must be namespace/name/key");
                    }
                    caCertificate = Optional.of(value);
                }
                case "--operator-namespace" -> operatorNamespace = value;
                case "--metrics-namespaces" -> metricsNamespaces = Arrays.stream(value.split(","))
                        .map(String::trim).filter(s -> !s.isEmpty()).toList();
                default -> {
                    return usage(err, "unknown option '" + arg + "'");
                }
            }
        }
        if (paths.isEmpty()) {
            return usage(err, "name at least one file or directory");
        }
        Validator.Report report = new Validator(sql).validate(paths);
        report.findings().forEach(err::println);
        report.notes().forEach(n -> err.println("note: " + n));
        if (!report.ok()) {
            err.println(report.findings().size() + " problem" + (report.findings().size() == 1 ? "" : "s")
                    + " found; nothing rendered");
            return 1;
        }
        YamlLoader loader = new YamlLoader();
        paths.forEach(loader::load);
        RenderSettings settings = new RenderSettings(image, bootstrap, protocol, mechanism, credentials,
                caCertificate, operatorNamespace, metricsNamespaces);
        out.print(new Renderer(settings).render(loader.documents(), paths.stream().map(Path::toString).toList()));
        return 0;
    }

    private static int usage(PrintStream err, String problem) {
        err.println("tributary render: " + problem);
        err.print(FULL_USAGE);
        return 2;
    }
}
