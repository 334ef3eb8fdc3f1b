package io.kopsauth.render;

import io.kopsauth.aws.Arns;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validation of every user-supplied value kopsauth renders or passes on: each method returns the (normalised)
 * value or throws {@link Artifacts.InvalidInputException} naming the field and saying why. Shared by the renderer
 * (defence in depth), the CLI options and the setup workflow.
 */
public final class Inputs {
    /** Longest value accepted for any free-text field. */
    public static final int MAX_LENGTH = 1000;
    /** The backend modes the authenticator knows (reference/authenticator.md §1.3), with their aliases. */
    public static final Set<String> BACKEND_MODES =
            Set.of("MountedFile", "File", "EKSConfigMap", "ConfigMap", "CRD", "DynamicFile");

    private static final Pattern DNS_LABELS =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z0-9]+)*-[0-9]{1,2}");
    private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");

    private Inputs() {}

    /**
     * Free text that lands in a document as one quoted scalar: at most {@value #MAX_LENGTH} characters, no control
     * characters other than tab, no unpaired surrogates or non-characters (YAML cannot carry them).
     */
    public static String text(String field, String value) {
        if (value == null || value.isEmpty()) throw invalid(field, "must not be empty");
        if (value.length() > MAX_LENGTH) {
            throw invalid(field, "is " + value.length() + " characters long; at most " + MAX_LENGTH + " are allowed");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
                continue;
            }
            if (Character.isSurrogate(c)) throw invalid(field, "contains an unpaired UTF-16 surrogate at position " + i);
            if ((Character.isISOControl(c) && c != '\t') || c == '\uFFFE' || c == '\uFFFF') {
                throw invalid(field, String.format("contains the control character U+%04X at position %d", (int) c, i));
            }
        }
        return value;
    }

    /** A kops cluster name: a DNS-1123 subdomain with at least one dot (reference/kops-cli.md §3). */
    public static String clusterName(String value) {
        if (value == null || value.isEmpty()) throw invalid("--name", "must not be empty (e.g. --name=mycluster.myzone.com)");
        if (value.length() > 253 || !DNS_LABELS.matcher(value).matches()) {
            throw invalid("--name", "Cluster Name must be a valid DNS name (e.g. --name=mycluster.myzone.com): '"
                    + printable(value) + "' is not a lowercase DNS-1123 subdomain (a-z, 0-9, '-', '.', at most 253 characters)");
        }
        for (String label : value.split("\\.")) {
            if (label.length() > 63) throw invalid("--name", "DNS label '" + label + "' is longer than 63 characters");
        }
        if (!value.contains(".")) {
            throw invalid("--name", "Cluster Name must be a fully-qualified DNS name (e.g. --name=mycluster.myzone.com)");
        }
        return value;
    }

    /** A 12-digit AWS account id. */
    public static String accountId(String field, String value) {
        if (!Arns.isAccountId(value)) throw invalid(field, "'" + printable(value) + "' is not a 12-digit AWS account id");
        return value;
    }

    /** An AWS region name such as us-west-1. */
    public static String region(String value) {
        if (value == null || !REGION.matcher(value).matches()) {
            throw invalid("--region", "'" + printable(value) + "' is not an AWS region name (e.g. us-west-1)");
        }
        return value;
    }

    /** The partition a region belongs to (aws, aws-cn, aws-us-gov, ...); "aws" when unknown. */
    public static String partition(String region) {
        if (region == null) return "aws";
        if (region.startsWith("cn-")) return "aws-cn";
        if (region.startsWith("us-gov-")) return "aws-us-gov";
        if (region.startsWith("us-isob-")) return "aws-iso-b";
        if (region.startsWith("us-iso-")) return "aws-iso";
        if (region.startsWith("eu-isoe-")) return "aws-iso-e";
        if (region.startsWith("us-isof-")) return "aws-iso-f";
        return "aws";
    }

    /** An IAM role name ([\w+=,.@-], 1 to 64 characters). */
    public static String roleName(String field, String value) {
        if (value == null || !ROLE_NAME.matcher(value).matches()) {
            throw invalid(field, "'" + printable(value) + "' is not a valid IAM role name (letters, digits and +=,.@_-, at most 64)");
        }
        return value;
    }

    /** An IAM role ARN {@code arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME}. */
    public static String roleArn(String field, String value) {
        return iamArn(field, value, "role/");
    }

    /** An IAM user ARN {@code arn:PARTITION:iam::ACCOUNT:user/[PATH/]NAME}. */
    public static String userArn(String field, String value) {
        return iamArn(field, value, "user/");
    }

    /** A trust-policy principal: an IAM account root, role or user ARN. */
    public static String principalArn(String field, String value) {
        Arns.Arn a = parseIam(field, value);
        String r = a.resource();
        if (!(r.equals("root") || r.startsWith("role/") || r.startsWith("user/"))) {
            throw invalid(field, "'" + printable(value) + "' is not an IAM principal (expected arn:aws:iam::ACCOUNT:root, :role/NAME or :user/NAME)");
        }
        if (!r.equals("root")) checkResourceName(field, value, r);
        return value;
    }

    /** An sts:ExternalId: 2 to 1000 characters of [\w+=,.@:/-] (IAM's own pattern, capped). */
    public static String externalId(String value) {
        text("--external-id", value);
        if (!EXTERNAL_ID.matcher(value).matches()) {
            throw invalid("--external-id", "must be 2 or more characters of letters, digits and +=,.@:/_- (IAM's rule)");
        }
        return value;
    }

    /** A positive number of seconds for aws:MultiFactorAuthAge. */
    public static long mfaMaxAge(long seconds) {
        if (seconds <= 0) throw invalid("--mfa-max-age", "must be a positive number of seconds, not " + seconds);
        return seconds;
    }

    /** A backendMode value: comma-separated known modes without duplicates. */
    public static String backendMode(String value) {
        text("backendMode", value);
        List<String> seen = new ArrayList<>();
        for (String m : value.split(",", -1)) {
            if (!BACKEND_MODES.contains(m)) throw invalid("backendMode", "unknown mode '" + printable(m) + "' (known: " + String.join(", ", BACKEND_MODES.stream().sorted().toList()) + ")");
            if (seen.contains(m)) throw invalid("backendMode", "mode '" + m + "' is listed twice");
            seen.add(m);
        }
        return value;
    }

    /**
     * Validates one identity mapping; role ARNs keep their path here (see {@link #withoutRolePath}). Groups may be
     * empty; the username and every group are free text.
     */
    public static IdentityMapping mapping(String field, IdentityMapping m, boolean role) {
        if (role) roleArn(field + " ARN", m.arn()); else userArn(field + " ARN", m.arn());
        text(field + " username", m.username());
        for (String g : m.groups()) text(field + " group", g);
        return m;
    }

    /**
     * The authenticator matches roles only as {@code role/NAME} (STS drops the IAM path), so a role ARN with a path
     * is rendered without it and a warning is added to {@code warnings}.
     */
    public static IdentityMapping withoutRolePath(IdentityMapping m, List<String> warnings) {
        if (!m.isRole()) return m;
        String stripped = Arns.stripRolePath(m.arn());
        if (stripped.equals(m.arn())) return m;
        warnings.add("role ARN " + m.arn() + " has an IAM path; mapping it as " + stripped
                + " because the authenticator only matches role/NAME (STS drops the path)");
        return new IdentityMapping(stripped, m.username(), m.groups());
    }

    /** The warnings a set of mappings will cause when rendered (role paths stripped); empty if none. */
    public static List<String> warnings(List<IdentityMapping> mappings) {
        List<String> w = new ArrayList<>();
        for (IdentityMapping m : mappings) withoutRolePath(m, w);
        return List.copyOf(w);
    }

    /**
     * Parses {@code ARN=USER[:GROUP,...]}. The ARN ends at the first '='; the username ends at the first ':'; groups
     * are separated by ','. A backslash escapes the next character, so usernames and groups may contain ':' or ','
     * ({@code admin\:{{SessionName}}}). Groups themselves may contain ':' (system:masters).
     */
    public static IdentityMapping parseMapping(String field, String spec, boolean role) {
        if (spec == null || spec.isEmpty()) throw invalid(field, "must be ARN=USER[:GROUP,...]");
        StringBuilder arnPart = new StringBuilder();
        int eq = -1;
        for (int i = 0; i < spec.length(); i++) {
            char c = spec.charAt(i);
            if (c == '\\' && i + 1 < spec.length()) {
                arnPart.append(spec.charAt(++i));
            } else if (c == '=') {
                eq = i;
                break;
            } else {
                arnPart.append(c);
            }
        }
        if (eq <= 0) throw invalid(field, "'" + printable(spec) + "' must be ARN=USER[:GROUP,...] (e.g. arn:aws:iam::111122223333:role/Dev=dev:developers)");
        String arn = arnPart.toString();
        String rest = spec.substring(eq + 1);
        StringBuilder user = new StringBuilder();
        List<String> groups = new ArrayList<>();
        StringBuilder cur = user;
        boolean inGroups = false;
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '\\' && i + 1 < rest.length()) {
                cur.append(rest.charAt(++i));
            } else if (c == ':' && !inGroups) {
                inGroups = true;
                cur = new StringBuilder();
            } else if (c == ',' && inGroups) {
                groups.add(cur.toString());
                cur = new StringBuilder();
            } else {
                cur.append(c);
            }
        }
        if (inGroups && (cur.length() > 0 || !groups.isEmpty())) groups.add(cur.toString());
        if (user.length() == 0) throw invalid(field, "'" + printable(spec) + "' has an empty username (expected ARN=USER[:GROUP,...])");
        for (String g : groups) if (g.isEmpty()) throw invalid(field, "'" + printable(spec) + "' has an empty group name");
        return mapping(field, new IdentityMapping(arn, user.toString(), groups), role);
    }

    /** A value safe to quote in an error message: control characters and broken UTF-16 as \\uXXXX, long values cut. */
    public static String printable(String value) {
        if (value == null) return "";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < value.length() && sb.length() < 80; i++) {
            char c = value.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
            if (pair) {
                sb.append(c).append(value.charAt(++i));
            } else if (Character.isISOControl(c) || Character.isSurrogate(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return value.length() > 80 ? sb + "…" : sb.toString();
    }

    private static String iamArn(String field, String value, String prefix) {
        Arns.Arn a = parseIam(field, value);
        if (!a.resource().startsWith(prefix)) {
            throw invalid(field, "'" + printable(value) + "' is not an IAM " + prefix.substring(0, prefix.length() - 1)
                    + " ARN (expected arn:aws:iam::ACCOUNT:" + prefix + "NAME)");
        }
        checkResourceName(field, value, a.resource());
        return value;
    }

    private static Arns.Arn parseIam(String field, String value) {
        text(field, value);
        Optional<Arns.Arn> parsed = Arns.parse(value);
        if (parsed.isEmpty()) throw invalid(field, "'" + printable(value) + "' is not an ARN (expected arn:aws:iam::ACCOUNT:...)");
        Arns.Arn a = parsed.get();
        if (!Arns.PARTITIONS.contains(a.partition())) throw invalid(field, "'" + printable(value) + "': partition " + a.partition() + " is not recognized");
        if (!"iam".equals(a.service())) throw invalid(field, "'" + printable(value) + "' is not an IAM ARN (service is '" + a.service() + "', expected 'iam')");
        if (!a.region().isEmpty()) throw invalid(field, "'" + printable(value) + "': IAM ARNs have no region");
        if (!Arns.isAccountId(a.account())) throw invalid(field, "'" + printable(value) + "': '" + a.account() + "' is not a 12-digit account id");
        return a;
    }

    private static void checkResourceName(String field, String value, String resource) {
        String[] parts = resource.split("/", -1);
        for (int i = 1; i < parts.length; i++) {
            boolean last = i == parts.length - 1;
            if (parts[i].isEmpty() || !ROLE_NAME_OR_PATH.matcher(parts[i]).matches() || (last && parts[i].length() > 64)) {
                throw invalid(field, "'" + printable(value) + "' has an invalid IAM name or path segment '" + printable(parts[i]) + "'");
            }
        }
        if (parts.length < 2) throw invalid(field, "'" + printable(value) + "' has no name after '" + parts[0] + "/'");
    }

    private static final Pattern ROLE_NAME_OR_PATH = Pattern.compile("[\\w+=,.@-]{1,512}");

    private static Artifacts.InvalidInputException invalid(String field, String why) {
        return new Artifacts.InvalidInputException(field + ": " + why);
    }
}
