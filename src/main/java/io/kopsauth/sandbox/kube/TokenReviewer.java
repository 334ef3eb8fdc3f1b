package io.kopsauth.sandbox.kube;

import io.kopsauth.aws.Arns;
import io.kopsauth.json.Json;
import io.kopsauth.sandbox.AwsBackdoor;
import io.kopsauth.token.PresignedUrlChecks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reviews bearer tokens as the apiserver's webhook and aws-iam-authenticator do: the cluster's admin token, or a
 * {@code k8s-aws-v1.} token checked locally, replayed to the sandbox's STS with the authenticator's cluster ID, and
 * mapped through the running authenticator pod's configuration. Tokens are never logged.
 */
public final class TokenReviewer {
    private static final Logger LOG = LoggerFactory.getLogger(TokenReviewer.class);
    static final List<String> ADMIN_GROUPS = List.of("system:masters", "system:authenticated");

    /** An authenticated Kubernetes user. */
    public record Subject(String username, String uid, List<String> groups, Map<String, List<String>> extra) {
        public boolean isMaster() {
            return groups.contains("system:masters");
        }
    }

    private final AwsBackdoor aws;
    private final String awsHostPort;

    public TokenReviewer(AwsBackdoor aws, String awsHostPort) {
        this.aws = aws;
        this.awsHostPort = awsHostPort;
    }

    /** The subject, or empty when the token is rejected (the reason goes to the cluster's review log). */
    public Optional<Subject> review(SimCluster c, String token, long nowMillis) {
        if (token == null || token.isEmpty()) {
            c.review(nowMillis, false, null, "no bearer token");
            return Optional.empty();
        }
        if (token.equals(c.adminToken)) {
            c.review(nowMillis, true, "kubecfg", "admin token");
            return Optional.of(new Subject("kubecfg", "", ADMIN_GROUPS, Map.of()));
        }
        if (!token.startsWith(PresignedUrlChecks.PREFIX)) {
            c.review(nowMillis, false, null, "unknown bearer token (neither the admin token nor an authenticator token)");
            return Optional.empty();
        }
        Map<String, Object> pod = c.runningAuthenticator();
        if (pod == null) {
            c.review(nowMillis, false, null, "the aws-iam-authenticator webhook is not running (no Running pod in kube-system)");
            return Optional.empty();
        }
        try {
            return Optional.of(verifyAndMap(c, pod, token, nowMillis));
        } catch (Denied d) {
            LOG.info("cluster {}: access denied: {}", c.name, d.getMessage());
            c.review(nowMillis, false, d.arn, d.getMessage());
            return Optional.empty();
        }
    }

    private static final class Denied extends Exception {
        final String arn;

        Denied(String message, String arn) {
            super(message);
            this.arn = arn;
        }
    }

    @SuppressWarnings("unchecked")
    private Subject verifyAndMap(SimCluster c, Map<String, Object> pod, String token, long now) throws Denied {
        List<String> modes = (List<String>) (List<?>) SimCluster.list(pod.get("modes"));
        Map<String, Object> config = null;
        String cfgText = (String) pod.get("config");
        if (cfgText != null) {
            Object o = new Yaml(new SafeConstructor(new LoaderOptions())).load(cfgText);
            if (o instanceof Map) config = (Map<String, Object>) o;
        }
        String clusterId = (String) pod.get("clusterIDFlag");
        if (clusterId == null && config != null) clusterId = IdentityMapper.value(config, "clusterID");
        if (clusterId == null || clusterId.isEmpty()) throw new Denied("cluster ID cannot be empty (no --cluster-id and no clusterID in config.yaml)", null);
        PresignedUrlChecks.Checked checked;
        try {
            checked = PresignedUrlChecks.check(token, "aws", h -> h.equals(awsHostPort), java.time.Instant.ofEpochMilli(now));
        } catch (PresignedUrlChecks.Rejected e) {
            throw new Denied(e.getMessage(), null);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-k8s-aws-id", clusterId);
        headers.put("accept", "application/json");
        AwsBackdoor.HttpAnswer a = aws.replayPresigned(checked.url().toString(), headers);
        if (a.status() != 200) {
            String region = checked.region() == null ? "" : checked.region();
            throw new Denied("sts getCallerIdentity failed: error from AWS (expected 200, got " + a.status() + ") on " + region
                    + " endpoint. Body: " + a.body(), null);
        }
        Map<String, Object> result;
        try {
            result = SimCluster.map(SimCluster.map(Json.parseObject(a.body()).get("GetCallerIdentityResponse")).get("GetCallerIdentityResult"));
        } catch (RuntimeException e) {
            throw new Denied("sts getCallerIdentity failed: cannot parse the response: " + e.getMessage(), null);
        }
        String arn = String.valueOf(result.get("Arn"));
        String account = String.valueOf(result.get("Account"));
        String userIdRaw = String.valueOf(result.get("UserId"));
        String canonical;
        try {
            canonical = Arns.canonicalize(arn);
        } catch (RuntimeException e) {
            throw new Denied(e.getMessage(), arn);
        }
        String userId = userIdRaw;
        String session = "";
        boolean whole = canonical.contains(":user/") || canonical.endsWith(":root") || canonical.contains(":federated-user/");
        if (!whole) {
            String[] parts = userIdRaw.split(":");
            if (parts.length != 2) throw new Denied("malformed UserID \"" + userIdRaw + "\"", arn);
            userId = parts[0];
            session = parts[1];
        }
        IdentityMapper.Identity id = new IdentityMapper.Identity(arn, canonical, account, userId, session, checked.accessKeyId());
        LOG.info("cluster {}: STS response accesskeyid={} arn={} accountid={} userid={} session={}", c.name,
                id.accessKeyId(), arn, account, userId, session);
        List<Map<String, Object>> crd = new ArrayList<>();
        if (modes.contains("CRD")) {
            for (Map<String, Object> m : c.list("iamidentitymappings", null)) crd.add(SimCluster.map(m.get("spec")));
        }
        IdentityMapper.User u = IdentityMapper.map(id, modes, modes.contains("MountedFile") || modes.contains("File") ? config : null, crd)
                .orElseThrow(() -> new Denied("Identity is not mapped (arn " + arn + ", canonical " + canonical + ")", arn));
        List<String> groups = new ArrayList<>(u.groups());
        if (!groups.contains("system:authenticated")) groups.add("system:authenticated");
        Map<String, List<String>> extra = new LinkedHashMap<>();
        extra.put("accessKeyId", List.of(id.accessKeyId()));
        extra.put("arn", List.of(arn));
        extra.put("canonicalArn", List.of(canonical));
        extra.put("principalId", List.of(userId));
        extra.put("sessionName", List.of(session));
        extra.put("sigs.k8s.io/aws-iam-authenticator/principalId", List.of(userId));
        c.review(now, true, u.username(), "mapped " + canonical + " to " + u.username() + " " + u.groups());
        LOG.info("cluster {}: access granted to {} as {} {}", c.name, canonical, u.username(), u.groups());
        return new Subject(u.username(), "aws-iam-authenticator:" + account + ":" + userId, groups, extra);
    }
}
