package io.kopsauth.sandbox.kube;

import io.kopsauth.aws.Arns;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The aws-iam-authenticator's mappers (MountedFile and CRD, tried in backend-mode order) from a verified STS identity
 * to a Kubernetes user, with its username/group templates.
 */
public final class IdentityMapper {
    private IdentityMapper() {}

    /** What STS said about the token's signer (after canonicalisation). */
    public record Identity(String arn, String canonicalArn, String accountId, String userId, String sessionName,
                           String accessKeyId) {}

    /** A mapped Kubernetes user. */
    public record User(String username, List<String> groups) {}

    /**
     * Maps {@code id} through the backends in order.
     *
     * @param modes      backend modes in order ("MountedFile", "CRD"; others are skipped)
     * @param fileConfig the MountedFile config.yaml parsed (null when there is none)
     * @param crd        the IAMIdentityMapping objects' specs ({@code arn}, {@code username}, {@code groups})
     */
    public static Optional<User> map(Identity id, List<String> modes, Map<String, Object> fileConfig, List<Map<String, Object>> crd) {
        String canonical = id.canonicalArn().toLowerCase(Locale.ROOT);
        for (String mode : modes) {
            if (mode.equals("MountedFile") || mode.equals("File")) {
                if (fileConfig == null) continue;
                Map<String, Object> server = child(fileConfig, "server");
                for (Map<String, Object> m : list(server, "mapRoles")) {
                    if (matches(value(m, "rolearn"), canonical)) return Optional.of(user(m, id));
                }
                for (Map<String, Object> m : list(server, "mapUsers")) {
                    if (matches(value(m, "userarn"), canonical)) return Optional.of(user(m, id));
                }
                for (Object acct : rawList(server, "mapAccounts")) {
                    if (String.valueOf(acct).equals(id.accountId())) return Optional.of(new User(id.canonicalArn(), List.of()));
                }
            } else if (mode.equals("CRD")) {
                for (Map<String, Object> m : crd) {
                    if (matches(value(m, "arn"), canonical)) return Optional.of(user(m, id));
                }
            }
        }
        return Optional.empty();
    }

    private static boolean matches(String arn, String lowerCanonical) {
        if (arn == null) return false;
        try {
            return Arns.canonicalize(arn.toLowerCase(Locale.ROOT)).equalsIgnoreCase(lowerCanonical);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static User user(Map<String, Object> m, Identity id) {
        List<String> groups = new ArrayList<>();
        for (Object g : rawList(m, "groups")) groups.add(render(String.valueOf(g), id));
        String name = value(m, "username");
        return new User(render(name == null ? "" : name, id), groups);
    }

    /** Renders the authenticator's templates; unknown placeholders stay as they are. */
    public static String render(String template, Identity id) {
        String session = id.sessionName() == null ? "" : id.sessionName();
        return template.replace("{{AccountID}}", id.accountId())
                .replace("{{SessionNameRaw}}", session)
                .replace("{{SessionName}}", session.replace('@', '-'))
                .replace("{{AccessKeyID}}", id.accessKeyId() == null ? "" : id.accessKeyId());
    }

    /** A key looked up case-insensitively, as viper/mapstructure does. */
    static String value(Map<String, Object> m, String key) {
        for (var e : m.entrySet()) {
            if (e.getKey().equalsIgnoreCase(key) && e.getValue() != null) return String.valueOf(e.getValue());
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> child(Map<String, Object> m, String key) {
        for (var e : m.entrySet()) {
            if (e.getKey().equalsIgnoreCase(key) && e.getValue() instanceof Map) return (Map<String, Object>) e.getValue();
        }
        return Map.of();
    }

    private static List<?> rawList(Map<String, Object> m, String key) {
        for (var e : m.entrySet()) {
            if (e.getKey().equalsIgnoreCase(key) && e.getValue() instanceof List<?> l) return l;
        }
        return List.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> m, String key) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : rawList(m, key)) if (o instanceof Map) out.add((Map<String, Object>) o);
        return out;
    }
}
