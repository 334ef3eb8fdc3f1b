package io.kopsauth.sandbox.aws;

import io.kopsauth.json.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * IAM policy documents: validation as IAM does at CreateRole / UpdateAssumeRolePolicy / PutRolePolicy
 * (MalformedPolicyDocument), and evaluation of a role's trust policy for sts:AssumeRole (principals, actions,
 * conditions; an explicit Deny wins, otherwise an Allow is needed).
 */
final class PolicyDocuments {
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern PRINCIPAL_ARN = Pattern.compile(
            "arn:aws:(iam::\\d{12}:(root|user/.+|role/.+)|sts::\\d{12}:assumed-role/[^/]+/.+)");
    private static final Set<String> OPERATORS = Set.of("stringequals", "stringnotequals", "stringequalsignorecase",
            "stringnotequalsignorecase", "stringlike", "stringnotlike", "numericequals", "numericnotequals",
            "numericlessthan", "numericlessthanequals", "numericgreaterthan", "numericgreaterthanequals", "bool",
            "arnequals", "arnlike", "arnnotequals", "arnnotlike", "null", "datelessthan", "dategreaterthan",
            "datelessthanequals", "dategreaterthanequals", "dateequals", "datenotequals");

    private PolicyDocuments() {}

    private static AwsException malformed(String message) {
        return new AwsException(400, "MalformedPolicyDocument", message);
    }

    /** Parses and checks a trust policy; {@code principalExists} says whether a user/role ARN names a real entity. */
    static void validateTrustPolicy(String doc, Predicate<String> principalExists) {
        for (Map<String, Object> st : statements(doc)) {
            checkEffectAndAction(st);
            if (st.containsKey("Resource") || st.containsKey("NotResource")) throw malformed("Has prohibited field Resource");
            Object principal = st.containsKey("Principal") ? st.get("Principal") : st.get("NotPrincipal");
            if (principal == null) throw malformed("AssumeRolepolicy contained an invalid principal: missing Principal");
            if (principal instanceof String s) {
                if (!s.equals("*")) throw malformed("Invalid principal in policy: " + Json.quote(s));
            } else if (principal instanceof Map<?, ?> m) {
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!"AWS".equals(e.getKey())) continue;
                    for (String p : strings(e.getValue())) {
                        boolean ok = p.equals("*") || ACCOUNT.matcher(p).matches() || (PRINCIPAL_ARN.matcher(p).matches()
                                && (p.endsWith(":root") || p.contains(":assumed-role/") || principalExists.test(p)));
                        if (!ok) throw malformed("Invalid principal in policy: \"AWS\":" + Json.quote(p));
                    }
                }
            } else {
                throw malformed("Syntax errors in policy.");
            }
            checkConditions(st);
        }
    }

    /** Parses and checks an identity-based (inline) policy. */
    static void validateIdentityPolicy(String doc) {
        for (Map<String, Object> st : statements(doc)) {
            checkEffectAndAction(st);
            if (st.containsKey("Principal") || st.containsKey("NotPrincipal")) {
                throw malformed("Policy document should not specify a principal.");
            }
            if (!st.containsKey("Resource") && !st.containsKey("NotResource")) {
                throw malformed("Policy statement must contain resources.");
            }
            checkConditions(st);
        }
    }

    private static void checkEffectAndAction(Map<String, Object> st) {
        Object effect = st.get("Effect");
        if (!"Allow".equals(effect) && !"Deny".equals(effect)) throw malformed("Syntax errors in policy.");
        if (!st.containsKey("Action") && !st.containsKey("NotAction")) {
            throw malformed("Policy statement must contain actions.");
        }
    }

    private static void checkConditions(Map<String, Object> st) {
        Object c = st.get("Condition");
        if (c == null) return;
        if (!(c instanceof Map<?, ?> m)) throw malformed("Syntax errors in policy.");
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!OPERATORS.contains(baseOperator(e.getKey().toString()))) {
                throw malformed("Invalid Condition type : " + e.getKey());
            }
            if (!(e.getValue() instanceof Map)) throw malformed("Syntax errors in policy.");
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> statements(String doc) {
        Object parsed;
        try {
            parsed = Json.parse(doc);
        } catch (Json.JsonException e) {
            throw malformed("This policy contains invalid Json");
        }
        if (!(parsed instanceof Map<?, ?> root)) throw malformed("This policy contains invalid Json");
        Object v = root.get("Version");
        if (v != null && !"2012-10-17".equals(v) && !"2008-10-17".equals(v)) {
            throw malformed("The policy failed legacy parsing");
        }
        Object s = root.get("Statement");
        List<Map<String, Object>> out = new ArrayList<>();
        if (s instanceof Map<?, ?> one) {
            out.add((Map<String, Object>) one);
        } else if (s instanceof List<?> many && !many.isEmpty()) {
            for (Object o : many) {
                if (!(o instanceof Map)) throw malformed("Syntax errors in policy.");
                out.add((Map<String, Object>) o);
            }
        } else {
            throw malformed("Syntax errors in policy.");
        }
        return out;
    }

    /** Whether the trust policy lets {@code caller} perform {@code action} given the request context. */
    static boolean allows(String doc, Caller caller, String action, Map<String, String> context) {
        boolean allowed = false;
        for (Map<String, Object> st : statements(doc)) {
            if (!principalMatches(st, caller) || !actionMatches(st, action) || !conditionsHold(st.get("Condition"), context)) {
                continue;
            }
            if ("Deny".equals(st.get("Effect"))) return false;
            allowed = true;
        }
        return allowed;
    }

    private static boolean principalMatches(Map<String, Object> st, Caller caller) {
        if (st.containsKey("NotPrincipal")) return !principalIn(st.get("NotPrincipal"), caller);
        return principalIn(st.get("Principal"), caller);
    }

    private static boolean principalIn(Object principal, Caller caller) {
        if ("*".equals(principal)) return true;
        if (!(principal instanceof Map<?, ?> m)) return false;
        for (String p : strings(m.get("AWS"))) {
            // "*", the caller's account (bare id or its root ARN: every principal of the account), the caller itself,
            // or the role behind the caller's session.
            if (p.equals("*") || p.equals(caller.account()) || p.equals("arn:aws:iam::" + caller.account() + ":root")
                    || p.equals(caller.arn()) || p.equals(caller.roleArn())) {
                return true;
            }
        }
        return false;
    }

    private static boolean actionMatches(Map<String, Object> st, String action) {
        if (st.containsKey("NotAction")) {
            for (String a : strings(st.get("NotAction"))) if (glob(a, action, true)) return false;
            return true;
        }
        for (String a : strings(st.get("Action"))) if (glob(a, action, true)) return true;
        return false;
    }

    private static boolean conditionsHold(Object condition, Map<String, String> context) {
        if (!(condition instanceof Map<?, ?> ops)) return true;
        for (Map.Entry<?, ?> op : ops.entrySet()) {
            String name = op.getKey().toString();
            for (Map.Entry<?, ?> kv : ((Map<?, ?>) op.getValue()).entrySet()) {
                String actual = lookup(context, kv.getKey().toString());
                if (!holds(name, actual, strings(kv.getValue()))) return false;
            }
        }
        return true;
    }

    private static String lookup(Map<String, String> context, String key) {
        for (Map.Entry<String, String> e : context.entrySet()) if (e.getKey().equalsIgnoreCase(key)) return e.getValue();
        return null;
    }

    private static String baseOperator(String op) {
        String o = op.toLowerCase(Locale.ROOT);
        if (o.startsWith("foranyvalue:")) o = o.substring("foranyvalue:".length());
        if (o.startsWith("forallvalues:")) o = o.substring("forallvalues:".length());
        if (o.endsWith("ifexists")) o = o.substring(0, o.length() - "ifexists".length());
        return o;
    }

    private static boolean holds(String operator, String actual, List<String> expected) {
        String op = baseOperator(operator);
        boolean ifExists = operator.toLowerCase(Locale.ROOT).endsWith("ifexists");
        if (op.equals("null")) {
            boolean wantNull = expected.stream().anyMatch("true"::equalsIgnoreCase);
            return (actual == null) == wantNull;
        }
        boolean negated = op.contains("not");
        if (actual == null) return ifExists || negated;
        boolean any = false;
        for (String e : expected) {
            if (compare(op, actual, e)) { any = true; break; }
        }
        return negated ? !any : any;
    }

    private static boolean compare(String op, String actual, String expected) {
        switch (op) {
            case "stringequals", "stringnotequals": return actual.equals(expected);
            case "stringequalsignorecase", "stringnotequalsignorecase": return actual.equalsIgnoreCase(expected);
            case "stringlike", "stringnotlike", "arnlike", "arnnotlike": return glob(expected, actual, false);
            case "arnequals", "arnnotequals": return actual.equals(expected);
            case "bool": return actual.equalsIgnoreCase(expected);
            default: break;
        }
        if (op.startsWith("numeric")) {
            BigDecimal a;
            BigDecimal b;
            try {
                a = new BigDecimal(actual);
                b = new BigDecimal(expected);
            } catch (NumberFormatException e) {
                return false;
            }
            int c = a.compareTo(b);
            return switch (op) {
                case "numericequals", "numericnotequals" -> c == 0;
                case "numericlessthan" -> c < 0;
                case "numericlessthanequals" -> c <= 0;
                case "numericgreaterthan" -> c > 0;
                case "numericgreaterthanequals" -> c >= 0;
                default -> false;
            };
        }
        if (op.startsWith("date")) {
            try {
                int c = java.time.Instant.parse(actual).compareTo(java.time.Instant.parse(expected));
                return switch (op) {
                    case "dateequals", "datenotequals" -> c == 0;
                    case "datelessthan" -> c < 0;
                    case "datelessthanequals" -> c <= 0;
                    case "dategreaterthan" -> c > 0;
                    case "dategreaterthanequals" -> c >= 0;
                    default -> false;
                };
            } catch (RuntimeException e) {
                return false;
            }
        }
        return false;
    }

    /** IAM wildcard match: '*' any run, '?' one character. */
    static boolean glob(String pattern, String value, boolean ignoreCase) {
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*') re.append(".*");
            else if (c == '?') re.append('.');
            else re.append(Pattern.quote(String.valueOf(c)));
        }
        Pattern p = ignoreCase ? Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL)
                : Pattern.compile(re.toString(), Pattern.DOTALL);
        return p.matcher(value).matches();
    }

    static List<String> strings(Object v) {
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            for (Object o : l) if (o != null) out.add(o.toString());
        } else if (v != null) {
            out.add(v.toString());
        }
        return out;
    }
}
