package io.kopsauth.aws;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * IAM/STS ARN parsing and the aws-iam-authenticator's canonicalisation (reference/authenticator.md §1.4):
 * {@code arn:aws:sts::ACCT:assumed-role/[PATH/]NAME/SESSION} becomes {@code arn:aws:iam::ACCT:role/[PATH/]NAME}.
 */
public final class Arns {
    public static final Set<String> PARTITIONS =
            Set.of("aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

    private Arns() {}

    /** The six colon-separated parts of an ARN. */
    public record Arn(String partition, String service, String region, String account, String resource) {
        @Override
        public String toString() {
            return "arn:" + partition + ":" + service + ":" + region + ":" + account + ":" + resource;
        }
    }

    public static Optional<Arn> parse(String s) {
        if (s == null || !s.startsWith("arn:")) return Optional.empty();
        String[] p = s.split(":", 6);
        if (p.length != 6 || p[1].isEmpty() || p[2].isEmpty()) return Optional.empty();
        return Optional.of(new Arn(p[1], p[2], p[3], p[4], p[5]));
    }

    public static boolean isAccountId(String s) {
        return s != null && ACCOUNT.matcher(s).matches();
    }

    /**
     * Canonicalises an identity ARN as the authenticator does; throws IllegalArgumentException with the
     * authenticator's wording for ARNs that are not identities.
     */
    public static String canonicalize(String arn) {
        Arn a = parse(arn).orElseThrow(() -> new IllegalArgumentException("arn '" + arn + "' is invalid"));
        if (!PARTITIONS.contains(a.partition())) {
            throw new IllegalArgumentException("partition " + a.partition() + " is not recognized");
        }
        String res = a.resource();
        if ("iam".equals(a.service())) {
            if (res.startsWith("role/") || res.startsWith("user/") || res.equals("root")) return arn;
        } else if ("sts".equals(a.service())) {
            if (res.startsWith("federated-user/")) return arn;
            if (res.startsWith("assumed-role/")) {
                String rest = res.substring("assumed-role/".length());
                int last = rest.lastIndexOf('/');
                if (last <= 0) throw new IllegalArgumentException("assumed-role arn '" + arn + "' does not have a role");
                return "arn:" + a.partition() + ":iam::" + a.account() + ":role/" + rest.substring(0, last);
            }
        }
        throw new IllegalArgumentException("service " + a.service() + " in arn " + arn + " is not a valid service for identities");
    }

    /** {@code arn:aws:iam::ACCT:role/path/to/NAME} → {@code arn:aws:iam::ACCT:role/NAME}; other ARNs unchanged. */
    public static String stripRolePath(String arn) {
        Optional<Arn> a = parse(arn);
        if (a.isEmpty() || !"iam".equals(a.get().service()) || !a.get().resource().startsWith("role/")) return arn;
        String name = a.get().resource().substring(a.get().resource().lastIndexOf('/') + 1);
        return "arn:" + a.get().partition() + ":iam::" + a.get().account() + ":role/" + name;
    }

    /** The role name of a role ARN (last path segment). */
    public static String roleName(String roleArn) {
        return roleArn.substring(roleArn.lastIndexOf('/') + 1);
    }
}
