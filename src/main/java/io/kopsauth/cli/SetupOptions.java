package io.kopsauth.cli;

import io.kopsauth.App;
import io.kopsauth.aws.AwsSettings;
import io.kopsauth.render.AuthInputs;
import io.kopsauth.setup.SetupInputs;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options that shape what setup builds (zones, state store, sizes, kubeconfig, validation), as a mixin for
 * commands that run the setup plan; {@link #inputs} combines them with the cluster and identity options.
 */
public final class SetupOptions {
    @Option(names = "--zones", split = ",", paramLabel = "ZONE", description = "Zones for the cluster (default: <region>a).")
    List<String> zones = new ArrayList<>();

    @Option(names = "--state-store", paramLabel = "s3://BUCKET",
            description = "kops state store (default: KOPS_STATE_STORE, else s3://<name>); created if missing.")
    String stateStore;

    @Option(names = "--node-count", paramLabel = "N", description = "Worker nodes (kops --node-count).")
    Integer nodeCount;

    @Option(names = "--node-size", paramLabel = "TYPE", description = "Worker instance type (kops --node-size).")
    String nodeSize;

    @Option(names = "--control-plane-size", paramLabel = "TYPE", description = "Control-plane instance type.")
    String controlPlaneSize;

    @Option(names = "--kubernetes-version", paramLabel = "VERSION", description = "Kubernetes version for kops.")
    String kubernetesVersion;

    @Option(names = "--update-trust-policy",
            description = "If the admin role exists with a different trust policy, replace it (default: stop and show the diff).")
    boolean updateTrustPolicy;

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Kubeconfig to add the exec user to (default: first of $KUBECONFIG, else ~/.kube/config).")
    Path kubeconfig;

    @Option(names = "--switch-context", description = "Make the new kopsauth-<name> context the current one.")
    boolean switchContext;

    @Option(names = "--validate-timeout", paramLabel = "DURATION", defaultValue = "15m",
            description = "How long to wait for the cluster to validate, e.g. 900s, 15m (default: ${DEFAULT-VALUE}).")
    String validateTimeout;

    /** Validated setup inputs for these options in {@code env}; bad values are usage errors. */
    SetupInputs inputs(App app, ClusterOptions cluster, IdentityOptions identity, boolean execCommandGiven,
                       Map<String, String> env, AwsSettings settings) {
        if (nodeCount != null && nodeCount < 0) throw CliException.usage("--node-count: must be 0 or more");
        String storeFlag = stateStore != null ? stateStore : env.get("KOPS_STATE_STORE");
        AuthInputs auth = identity.inputs(cluster, cluster.name() != null ? cluster.name() : "name.to.be.chosen", settings.region());
        if (settings.profile() != null) auth = auth.withProfile(settings.profile());
        return new SetupInputs(cluster.name(), auth, cluster.clusterId() != null, execCommandGiven,
                zones.isEmpty() ? List.of(settings.region() + "a") : zones, storeFlag, nodeCount, nodeSize,
                controlPlaneSize, kubernetesVersion, updateTrustPolicy, kubeconfigFile(app, env), switchContext,
                pluginEnv(env, settings), app.launcher(), duration(validateTimeout));
    }

    /** --kubeconfig, else the first file of $KUBECONFIG, else ~/.kube/config. */
    private Path kubeconfigFile(App app, Map<String, String> env) {
        if (kubeconfig != null) return kubeconfig.toAbsolutePath();
        String kc = env.get("KUBECONFIG");
        if (kc != null && !kc.isBlank()) {
            for (String p : kc.split(File.pathSeparator)) if (!p.isBlank()) return Path.of(p).toAbsolutePath();
        }
        return app.home().defaultKubeconfig();
    }

    /**
     * What the exec user needs to work from a fresh shell: the profile, and the AWS config files, endpoint and
     * region when the environment sets them (it does for the sandbox). Never credentials.
     */
    static Map<String, String> pluginEnv(Map<String, String> env, AwsSettings settings) {
        Map<String, String> out = new LinkedHashMap<>();
        if (settings.profile() != null) out.put("AWS_PROFILE", settings.profile());
        for (String k : List.of("AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_STS",
                "AWS_STS_REGIONAL_ENDPOINTS")) {
            String v = env.get(k);
            if (v != null && !v.isBlank()) out.put(k, v);
        }
        if (env.get("AWS_REGION") != null) out.put("AWS_REGION", settings.region());
        return out;
    }

    static Duration duration(String s) {
        String v = s.trim().toLowerCase();
        try {
            if (v.matches("\\d+")) return Duration.ofSeconds(Long.parseLong(v));
            if (v.matches("\\d+[smh]")) {
                long n = Long.parseLong(v.substring(0, v.length() - 1));
                return switch (v.charAt(v.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
            }
            return Duration.parse("PT" + v.toUpperCase());
        } catch (DateTimeParseException | NumberFormatException e) {
            throw CliException.usage("--validate-timeout: '" + s + "' is not a duration (e.g. 600s, 15m, 1h)");
        }
    }
}
