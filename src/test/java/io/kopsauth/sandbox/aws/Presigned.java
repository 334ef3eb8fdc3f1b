package io.kopsauth.sandbox.aws;

import io.kopsauth.sigv4.SigV4;
import java.time.Instant;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds presigned GetCallerIdentity URLs exactly as the IAM authenticator's token does (test helper). */
final class Presigned {
    private Presigned() {}

    static String getCallerIdentity(String scheme, String host, String region, String akid, String secret, String token,
                                    String clusterId, Instant when) {
        String amzDate = SigV4Verifier.AMZ_DATE.format(when);
        String day = amzDate.substring(0, 8);
        List<Map.Entry<String, String>> q = new ArrayList<>();
        q.add(new SimpleEntry<>("Action", "GetCallerIdentity"));
        q.add(new SimpleEntry<>("Version", "2011-06-15"));
        q.add(new SimpleEntry<>("X-Amz-Algorithm", SigV4.ALGORITHM));
        q.add(new SimpleEntry<>("X-Amz-Credential", akid + "/" + SigV4.scope(day, region, "sts")));
        q.add(new SimpleEntry<>("X-Amz-Date", amzDate));
        q.add(new SimpleEntry<>("X-Amz-Expires", "60"));
        if (token != null) q.add(new SimpleEntry<>("X-Amz-Security-Token", token));
        q.add(new SimpleEntry<>("X-Amz-SignedHeaders", "host;x-k8s-aws-id"));
        String cq = SigV4.canonicalQuery(q);
        TreeMap<String, String> headers = new TreeMap<>(Map.of("host", host, "x-k8s-aws-id", clusterId));
        String creq = SigV4.canonicalRequest("GET", "/", cq, headers, "host;x-k8s-aws-id", SigV4.EMPTY_PAYLOAD_SHA256);
        String sig = SigV4.signature(secret, day, region, "sts", SigV4.stringToSign(amzDate, SigV4.scope(day, region, "sts"), creq));
        return scheme + "://" + host + "/?" + cq + "&X-Amz-Signature=" + sig;
    }
}
