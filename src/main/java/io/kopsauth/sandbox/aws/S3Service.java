package io.kopsauth.sandbox.aws;

import io.kopsauth.json.Json;
import io.kopsauth.sigv4.SigV4;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;
import org.w3c.dom.Element;

/**
 * S3 (REST/XML, path-style {@code /bucket/key}): buckets with region rules, versioning, encryption, public access
 * block and tags; versioned objects with delete markers and conditional writes; V2 and version listings; batch
 * deletes. Errors are {@code <Error><Code>…} documents with S3's status codes.
 */
final class S3Service {
    static final String NS = "http://s3.amazonaws.com/doc/2006-03-01/";
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final Set<String> REGIONS = Set.of("us-east-1", "us-east-2", "us-west-1", "us-west-2", "af-south-1",
            "ap-east-1", "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
            "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2",
            "eu-west-1", "eu-west-2", "eu-west-3", "eu-south-1", "eu-south-2", "eu-north-1", "il-central-1", "me-south-1",
            "me-central-1", "sa-east-1", "mx-central-1", "ap-southeast-5", "ap-southeast-7", "EU");
    private static final Set<String> STORED_HEADERS = Set.of("content-type", "content-encoding", "content-disposition",
            "content-language", "cache-control", "expires");
    private static final Set<String> UNSUPPORTED_BUCKET_SUBRESOURCES = Set.of("acl", "policy", "cors", "lifecycle",
            "logging", "notification", "replication", "website", "uploads", "ownershipControls", "object-lock",
            "accelerate", "requestPayment", "analytics", "metrics", "inventory", "intelligent-tiering", "policyStatus");

    private final S3Store store;

    S3Service(S3Store store) {
        this.store = store;
    }

    /** The canonical user id S3 shows as an account's Owner ID. */
    static String canonicalId(String account) {
        return SigV4.sha256Hex("sandbox-canonical-user:" + account);
    }

    synchronized AwsResponse handle(AwsRequest req, SigV4Verifier.Signed signed, Instant now) {
        try {
            return dispatch(req, signed, now);
        } finally {
            store.flush();
        }
    }

    synchronized void reset() {
        store.reset();
    }

    synchronized void close() {
        store.close();
    }

    /** An object's bytes (the current version), or null. */
    synchronized byte[] object(String bucket, String key) {
        S3Store.Bucket b = store.bucket(bucket);
        if (b == null) return null;
        S3Store.Version v = b.current(key);
        return v == null ? null : store.readBlob(b, v);
    }

    synchronized List<Map<String, Object>> describeBuckets() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (S3Store.Bucket b : store.buckets().values()) {
            int objects = 0;
            for (List<S3Store.Version> l : b.objects.values()) if (!l.isEmpty() && !l.get(0).deleteMarker()) objects++;
            out.add(Json.obj("name", b.name, "account", b.account, "region", b.region, "versioning", b.versioning,
                    "objects", objects, "versions", b.versionCount));
        }
        return out;
    }

    /** Error document (no body for HEAD). */
    static AwsResponse error(AwsException e, boolean head) {
        String rid = Ids.s3RequestId();
        AwsResponse r;
        if (head) {
            r = AwsResponse.empty(e.status());
            r = new AwsResponse(r.status(), r.headers(), null);
        } else {
            Xml x = new Xml().start("Error").elem("Code", e.code()).elem("Message", e.getMessage());
            e.extra().forEach(x::elem);
            x.elem("RequestId", rid).elem("HostId", Base64.getEncoder().encodeToString(rid.getBytes(StandardCharsets.UTF_8)));
            r = AwsResponse.of(e.status(), "application/xml", x.toString());
        }
        r.header("x-amz-request-id", rid);
        e.headers().forEach(r::header);
        return r;
    }

    private static AwsResponse ok(int status, String xml) {
        AwsResponse r = xml == null ? AwsResponse.empty(status) : AwsResponse.of(status, "application/xml", xml);
        return r.header("x-amz-request-id", Ids.s3RequestId());
    }

    private AwsResponse dispatch(AwsRequest req, SigV4Verifier.Signed signed, Instant now) {
        if (signed == null) throw new AwsException(403, "AccessDenied", "Access Denied");
        Caller caller = signed.caller();
        String raw = req.rawPath();
        String rest = raw.substring(1);
        int slash = rest.indexOf('/');
        String bucketName = SigV4.uriDecode(slash < 0 ? rest : rest.substring(0, slash));
        String key = slash < 0 ? null : SigV4.uriDecode(rest.substring(slash + 1));
        if (key != null && key.isEmpty()) key = null;
        String m = req.method();

        if (bucketName.isEmpty()) {
            if (m.equals("GET")) return listBuckets(caller);
            throw new AwsException(405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
        }
        if (key == null && m.equals("PUT") && req.query().isEmpty()) return createBucket(req, signed, bucketName, now);

        S3Store.Bucket b = store.bucket(bucketName);
        if (b == null) {
            throw new AwsException(404, "NoSuchBucket", "The specified bucket does not exist").with("BucketName", bucketName);
        }
        if (!b.account.equals(caller.account())) throw new AwsException(403, "AccessDenied", "Access Denied");
        boolean location = key == null && m.equals("GET") && req.hasQueryParam("location");
        if (!location && !b.region.equals(signed.region())) {
            if (m.equals("HEAD") && key == null) {
                throw new AwsException(301, "PermanentRedirect", "Moved Permanently").header("x-amz-bucket-region", b.region);
            }
            throw signed.presigned()
                    ? new AwsException(400, "AuthorizationQueryParametersError", "Error parsing the X-Amz-Credential parameter; the region '"
                    + signed.region() + "' is wrong; expecting '" + b.region + "'").with("Region", b.region)
                    : new AwsException(400, "AuthorizationHeaderMalformed", "The authorization header is malformed; the region '"
                    + signed.region() + "' is wrong; expecting '" + b.region + "'").with("Region", b.region);
        }
        if (key == null) return bucketOperation(req, b, now);
        return objectOperation(req, signed, b, key, now);
    }

    // ---------------------------------------------------------------- buckets

    private AwsResponse listBuckets(Caller caller) {
        Xml x = new Xml().start("ListAllMyBucketsResult", NS);
        x.start("Owner").elem("ID", canonicalId(caller.account())).end();
        x.start("Buckets");
        for (S3Store.Bucket b : store.buckets().values()) {
            if (!b.account.equals(caller.account())) continue;
            x.start("Bucket").elem("Name", b.name).elem("CreationDate", b.created).elem("BucketRegion", b.region).end();
        }
        x.end();
        return ok(200, x.toString());
    }

    private AwsResponse createBucket(AwsRequest req, SigV4Verifier.Signed signed, String name, Instant now) {
        if (!BUCKET_NAME.matcher(name).matches() || name.contains("..") || IP.matcher(name).matches()) {
            throw new AwsException(400, "InvalidBucketName", "The specified bucket is not valid.").with("BucketName", name);
        }
        String constraint = null;
        if (req.body().length > 0) {
            Element root = Xml.parse(req.body());
            constraint = Xml.text(root, "LocationConstraint");
            if (constraint != null && constraint.isEmpty()) constraint = null;
        }
        String endpointRegion = signed.region();
        String region;
        if (constraint == null) {
            // A regional endpoint other than us-east-1 needs an explicit, matching LocationConstraint.
            if (!endpointRegion.equals("us-east-1")) {
                throw new AwsException(400, "IllegalLocationConstraintException",
                        "The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.");
            }
            region = "us-east-1";
        } else {
            // us-east-1 is the default and must not be named explicitly.
            if (constraint.equals("us-east-1") || !REGIONS.contains(constraint)) {
                throw new AwsException(400, "InvalidLocationConstraint", "The specified location-constraint is not valid")
                        .with("LocationConstraint", constraint);
            }
            if (!endpointRegion.equals("us-east-1") && !constraint.equals(endpointRegion)) {
                throw new AwsException(400, "IllegalLocationConstraintException", "The " + constraint
                        + " location constraint is incompatible for the region specific endpoint this request was sent to.");
            }
            region = constraint.equals("EU") ? "eu-west-1" : constraint;
        }
        S3Store.Bucket existing = store.bucket(name);
        if (existing != null) {
            if (!existing.account.equals(signed.caller().account())) {
                throw new AwsException(409, "BucketAlreadyExists", "The requested bucket name is not available. The bucket "
                        + "namespace is shared by all users of the system. Please select a different name and try again.")
                        .with("BucketName", name);
            }
            // us-east-1 (legacy) answers 200 to a repeated create by the owner; every other region 409.
            if (existing.region.equals("us-east-1") && region.equals("us-east-1")) {
                return ok(200, null).header("Location", "/" + name);
            }
            throw new AwsException(409, "BucketAlreadyOwnedByYou",
                    "Your previous request to create the named bucket succeeded and you already own it.").with("BucketName", name);
        }
        store.create(name, signed.caller().account(), region, now.truncatedTo(ChronoUnit.MILLIS).toString());
        return ok(200, null).header("Location", "/" + name);
    }

    private AwsResponse bucketOperation(AwsRequest req, S3Store.Bucket b, Instant now) {
        String m = req.method();
        for (String sub : UNSUPPORTED_BUCKET_SUBRESOURCES) {
            if (req.hasQueryParam(sub)) {
                throw new AwsException(501, "NotImplemented", "A header you provided implies functionality that is not implemented");
            }
        }
        switch (m) {
            case "HEAD":
                return ok(200, null).header("x-amz-bucket-region", b.region);
            case "GET":
                if (req.hasQueryParam("location")) {
                    // us-east-1 buckets answer an empty LocationConstraint.
                    return ok(200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<LocationConstraint xmlns=\"" + NS + "\">"
                            + (b.region.equals("us-east-1") ? "" : escape(b.region)) + "</LocationConstraint>");
                }
                if (req.hasQueryParam("versioning")) {
                    Xml x = new Xml().start("VersioningConfiguration", NS).elem("Status", b.versioning);
                    return ok(200, x.toString());
                }
                if (req.hasQueryParam("encryption")) return getEncryption(b);
                if (req.hasQueryParam("publicAccessBlock")) return getPublicAccessBlock(b);
                if (req.hasQueryParam("tagging")) return getTagging(b);
                if (req.hasQueryParam("versions")) return listVersions(req, b);
                if ("2".equals(req.queryParam("list-type"))) return listV2(req, b);
                return listV1(req, b);
            case "PUT":
                if (req.hasQueryParam("versioning")) return putVersioning(req, b);
                if (req.hasQueryParam("encryption")) return putEncryption(req, b);
                if (req.hasQueryParam("publicAccessBlock")) return putPublicAccessBlock(req, b);
                if (req.hasQueryParam("tagging")) return putTagging(req, b);
                break;
            case "DELETE":
                if (req.hasQueryParam("encryption")) {
                    b.encryption = null;
                    store.saveConfig(b);
                    return ok(204, null);
                }
                if (req.hasQueryParam("publicAccessBlock")) {
                    b.publicAccessBlock = Json.obj("cleared", true);
                    store.saveConfig(b);
                    return ok(204, null);
                }
                if (req.hasQueryParam("tagging")) {
                    b.tags = null;
                    store.saveConfig(b);
                    return ok(204, null);
                }
                if (req.query().isEmpty()) {
                    if (b.versionCount > 0) {
                        throw new AwsException(409, "BucketNotEmpty", b.versioning == null
                                ? "The bucket you tried to delete is not empty"
                                : "The bucket you tried to delete is not empty. You must delete all versions in the bucket.")
                                .with("BucketName", b.name);
                    }
                    store.delete(b);
                    return ok(204, null);
                }
                break;
            case "POST":
                if (req.hasQueryParam("delete")) return deleteObjects(req, b, now);
                break;
            default:
                break;
        }
        throw new AwsException(405, "MethodNotAllowed", "The specified method is not allowed against this resource.")
                .with("Method", m).with("ResourceType", "BUCKET");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private AwsResponse putVersioning(AwsRequest req, S3Store.Bucket b) {
        String status = Xml.text(Xml.parse(req.body()), "Status");
        if (status == null || status.isEmpty()) return ok(200, null);
        if (!status.equals("Enabled") && !status.equals("Suspended")) throw Xml.malformed();
        b.versioning = status;
        store.saveConfig(b);
        return ok(200, null);
    }

    private AwsResponse putEncryption(AwsRequest req, S3Store.Bucket b) {
        Element root = Xml.parse(req.body());
        Element rule = Xml.child(root, "Rule");
        if (rule == null) throw Xml.malformed();
        Element def = Xml.child(rule, "ApplyServerSideEncryptionByDefault");
        String alg = def == null ? null : Xml.text(def, "SSEAlgorithm");
        if (alg == null || !Set.of("AES256", "aws:kms", "aws:kms:dsse").contains(alg)) throw Xml.malformed();
        String kms = Xml.text(def, "KMSMasterKeyID");
        if (kms != null && alg.equals("AES256")) {
            throw new AwsException(400, "InvalidArgument", "a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse")
                    .with("ArgumentName", "ApplyServerSideEncryptionByDefault");
        }
        b.encryption = Json.obj("algorithm", alg, "kmsKeyId", kms, "bucketKeyEnabled", "true".equals(Xml.text(rule, "BucketKeyEnabled")));
        store.saveConfig(b);
        return ok(200, null);
    }

    private AwsResponse getEncryption(S3Store.Bucket b) {
        // Since January 2023 every bucket has SSE-S3 (AES256) default encryption unless configured otherwise.
        Map<String, Object> e = b.encryption != null ? b.encryption : Json.obj("algorithm", "AES256", "bucketKeyEnabled", false);
        Xml x = new Xml().start("ServerSideEncryptionConfiguration", NS).start("Rule")
                .start("ApplyServerSideEncryptionByDefault").elem("SSEAlgorithm", e.get("algorithm"))
                .elem("KMSMasterKeyID", e.get("kmsKeyId")).end()
                .elem("BucketKeyEnabled", e.get("bucketKeyEnabled")).end().end();
        return ok(200, x.toString());
    }

    private static final String[] PAB = {"BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"};

    private AwsResponse putPublicAccessBlock(AwsRequest req, S3Store.Bucket b) {
        Element root = Xml.parse(req.body());
        Map<String, Object> pab = new LinkedHashMap<>();
        for (String k : PAB) pab.put(k, "true".equalsIgnoreCase(Xml.text(root, k)));
        b.publicAccessBlock = pab;
        store.saveConfig(b);
        return ok(200, null);
    }

    private AwsResponse getPublicAccessBlock(S3Store.Bucket b) {
        Map<String, Object> pab = b.publicAccessBlock;
        if (pab != null && pab.containsKey("cleared")) {
            throw new AwsException(404, "NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found")
                    .with("BucketName", b.name);
        }
        Xml x = new Xml().start("PublicAccessBlockConfiguration", NS);
        // New buckets have all four settings on since April 2023.
        for (String k : PAB) x.elem(k, pab == null || Boolean.TRUE.equals(pab.get(k)));
        return ok(200, x.toString());
    }

    private AwsResponse putTagging(AwsRequest req, S3Store.Bucket b) {
        Element root = Xml.parse(req.body());
        Element set = Xml.child(root, "TagSet");
        if (set == null) throw Xml.malformed();
        Map<String, String> tags = new LinkedHashMap<>();
        for (Element t : Xml.children(set, "Tag")) {
            String k = Xml.text(t, "Key");
            String v = Xml.text(t, "Value");
            if (k == null || v == null) throw Xml.malformed();
            if (k.isEmpty() || k.length() > 128 || v.length() > 256) {
                throw new AwsException(400, "InvalidTag", "The TagKey you have provided is invalid").with("TagKey", k);
            }
            if (tags.put(k, v) != null) {
                throw new AwsException(400, "InvalidTag", "Cannot provide multiple Tags with the same key").with("TagKey", k);
            }
        }
        if (tags.size() > 50) throw new AwsException(400, "BadRequest", "Object tags cannot be greater than 50");
        b.tags = tags;
        store.saveConfig(b);
        return ok(204, null);
    }

    private AwsResponse getTagging(S3Store.Bucket b) {
        if (b.tags == null || b.tags.isEmpty()) {
            throw new AwsException(404, "NoSuchTagSet", "The TagSet does not exist").with("BucketName", b.name);
        }
        Xml x = new Xml().start("Tagging", NS).start("TagSet");
        b.tags.forEach((k, v) -> x.start("Tag").elem("Key", k).elem("Value", v).end());
        return ok(200, x.toString());
    }

    // ---------------------------------------------------------------- listings

    private static int maxKeys(AwsRequest req) {
        String v = req.queryParam("max-keys");
        if (v == null) return 1000;
        try {
            int n = Integer.parseInt(v);
            if (n < 0) throw new NumberFormatException();
            return Math.min(n, 1000);
        } catch (NumberFormatException e) {
            throw new AwsException(400, "InvalidArgument", "Provided max-keys not an integer or within integer range")
                    .with("ArgumentName", "max-keys").with("ArgumentValue", v);
        }
    }

    private static String enc(boolean url, String s) {
        if (s == null || !url) return s;
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    private static String encodingType(AwsRequest req) {
        String t = req.queryParam("encoding-type");
        if (t != null && !t.equals("url")) {
            throw new AwsException(400, "InvalidArgument", "Invalid Encoding Method specified in Request")
                    .with("ArgumentName", "encoding-type").with("ArgumentValue", t);
        }
        return t;
    }

    /** Current objects (no delete markers) with a prefix, from (exclusive) {@code after}; delimiter roll-up. */
    private record Listing(List<S3Store.Version> objects, List<String> prefixes, boolean truncated, String last) {}

    private static Listing list(S3Store.Bucket b, String prefix, String delimiter, String after, int max) {
        List<S3Store.Version> objects = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String last = null;
        var tail = after == null ? b.objects : b.objects.tailMap(after, false);
        for (var e : tail.entrySet()) {
            String k = e.getKey();
            if (!k.startsWith(prefix)) {
                if (k.compareTo(prefix) > 0) break;
                continue;
            }
            S3Store.Version v = e.getValue().get(0);
            if (v.deleteMarker()) continue;
            String cp = commonPrefix(k, prefix, delimiter);
            if (cp != null && !prefixes.isEmpty() && prefixes.get(prefixes.size() - 1).equals(cp)) continue;
            if (cp != null && after != null && cp.compareTo(after) <= 0 && after.startsWith(cp)) continue;
            if (objects.size() + prefixes.size() >= max) return new Listing(objects, prefixes, true, last);
            if (cp != null) {
                prefixes.add(cp);
                last = cp;
            } else {
                objects.add(v);
                last = k;
            }
        }
        return new Listing(objects, prefixes, false, last);
    }

    private static String commonPrefix(String key, String prefix, String delimiter) {
        if (delimiter == null || delimiter.isEmpty()) return null;
        int i = key.indexOf(delimiter, prefix.length());
        return i < 0 ? null : key.substring(0, i + delimiter.length());
    }

    private AwsResponse listV2(AwsRequest req, S3Store.Bucket b) {
        String prefix = orEmpty(req.queryParam("prefix"));
        String delimiter = req.queryParam("delimiter");
        String token = req.queryParam("continuation-token");
        String startAfter = req.queryParam("start-after");
        String et = encodingType(req);
        boolean url = et != null;
        int max = maxKeys(req);
        String after = startAfter;
        if (token != null) {
            try {
                after = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new AwsException(400, "InvalidArgument", "The continuation token provided is incorrect")
                        .with("ArgumentName", "continuation-token");
            }
        }
        Listing l = list(b, prefix, delimiter, after, max);
        Xml x = new Xml().start("ListBucketResult", NS).elem("Name", b.name).elem("Prefix", enc(url, prefix));
        if (token != null) x.elem("ContinuationToken", token);
        if (l.truncated()) x.elem("NextContinuationToken", Base64.getEncoder().encodeToString(l.last().getBytes(StandardCharsets.UTF_8)));
        x.elem("KeyCount", l.objects().size() + l.prefixes().size()).elem("MaxKeys", max)
                .elem("Delimiter", enc(url, delimiter)).elem("IsTruncated", l.truncated())
                .elem("StartAfter", enc(url, startAfter)).elem("EncodingType", et);
        boolean owner = "true".equals(req.queryParam("fetch-owner"));
        for (S3Store.Version v : l.objects()) {
            x.start("Contents").elem("Key", enc(url, v.key())).elem("LastModified", v.lastModified()).elem("ETag", v.etag())
                    .elem("Size", v.size()).elem("StorageClass", "STANDARD");
            if (owner) x.start("Owner").elem("ID", canonicalId(b.account)).end();
            x.end();
        }
        for (String p : l.prefixes()) x.start("CommonPrefixes").elem("Prefix", enc(url, p)).end();
        return ok(200, x.toString());
    }

    private AwsResponse listV1(AwsRequest req, S3Store.Bucket b) {
        String prefix = orEmpty(req.queryParam("prefix"));
        String delimiter = req.queryParam("delimiter");
        String marker = req.queryParam("marker");
        String et = encodingType(req);
        boolean url = et != null;
        int max = maxKeys(req);
        Listing l = list(b, prefix, delimiter, marker == null || marker.isEmpty() ? null : marker, max);
        Xml x = new Xml().start("ListBucketResult", NS).elem("Name", b.name).elem("Prefix", enc(url, prefix))
                .elem("Marker", enc(url, orEmpty(marker)));
        if (l.truncated() && delimiter != null) x.elem("NextMarker", enc(url, l.last()));
        x.elem("MaxKeys", max).elem("Delimiter", enc(url, delimiter)).elem("IsTruncated", l.truncated()).elem("EncodingType", et);
        for (S3Store.Version v : l.objects()) {
            x.start("Contents").elem("Key", enc(url, v.key())).elem("LastModified", v.lastModified()).elem("ETag", v.etag())
                    .elem("Size", v.size()).start("Owner").elem("ID", canonicalId(b.account)).end()
                    .elem("StorageClass", "STANDARD").end();
        }
        for (String p : l.prefixes()) x.start("CommonPrefixes").elem("Prefix", enc(url, p)).end();
        return ok(200, x.toString());
    }

    private AwsResponse listVersions(AwsRequest req, S3Store.Bucket b) {
        String prefix = orEmpty(req.queryParam("prefix"));
        String delimiter = req.queryParam("delimiter");
        String keyMarker = orEmpty(req.queryParam("key-marker"));
        String vidMarker = req.queryParam("version-id-marker");
        String et = encodingType(req);
        boolean url = et != null;
        int max = maxKeys(req);
        if (vidMarker != null && !vidMarker.isEmpty() && keyMarker.isEmpty()) {
            throw new AwsException(400, "InvalidArgument", "A version-id marker cannot be specified without a key marker.")
                    .with("ArgumentName", "version-id-marker").with("ArgumentValue", vidMarker);
        }
        List<Object[]> entries = new ArrayList<>(); // {Version} or {String prefix}
        List<String> prefixes = new ArrayList<>();
        boolean truncated = false;
        String nextKey = null;
        String nextVid = null;
        var tail = keyMarker.isEmpty() ? b.objects
                : (vidMarker != null && !vidMarker.isEmpty() ? b.objects.tailMap(keyMarker, true) : b.objects.tailMap(keyMarker, false));
        outer:
        for (var e : tail.entrySet()) {
            String k = e.getKey();
            if (!k.startsWith(prefix)) {
                if (k.compareTo(prefix) > 0) break;
                continue;
            }
            String cp = commonPrefix(k, prefix, delimiter);
            if (cp != null) {
                if (prefixes.contains(cp) || (!keyMarker.isEmpty() && keyMarker.startsWith(cp))) continue;
                if (entries.size() >= max) {
                    truncated = true;
                    break;
                }
                prefixes.add(cp);
                entries.add(new Object[] {cp});
                nextKey = cp;
                nextVid = null;
                continue;
            }
            List<S3Store.Version> versions = e.getValue();
            int start = 0;
            if (k.equals(keyMarker) && vidMarker != null && !vidMarker.isEmpty()) {
                start = -1;
                for (int i = 0; i < versions.size(); i++) {
                    if (versions.get(i).versionId().equals(vidMarker)) start = i + 1;
                }
                if (start < 0) {
                    throw new AwsException(400, "InvalidArgument", "Invalid version id specified")
                            .with("ArgumentName", "version-id-marker").with("ArgumentValue", vidMarker);
                }
            }
            for (int i = start; i < versions.size(); i++) {
                if (entries.size() >= max) {
                    truncated = true;
                    break outer;
                }
                S3Store.Version v = versions.get(i);
                entries.add(new Object[] {v, i == 0});
                nextKey = k;
                nextVid = v.versionId();
            }
        }
        Xml x = new Xml().start("ListVersionsResult", NS).elem("Name", b.name).elem("Prefix", enc(url, prefix))
                .elem("KeyMarker", enc(url, keyMarker)).elem("VersionIdMarker", orEmpty(vidMarker));
        if (truncated) {
            x.elem("NextKeyMarker", enc(url, nextKey));
            if (nextVid != null) x.elem("NextVersionIdMarker", nextVid);
        }
        x.elem("MaxKeys", max).elem("Delimiter", enc(url, delimiter)).elem("IsTruncated", truncated).elem("EncodingType", et);
        String owner = canonicalId(b.account);
        for (Object[] en : entries) {
            if (en[0] instanceof String) continue;
            S3Store.Version v = (S3Store.Version) en[0];
            if (v.deleteMarker()) {
                x.start("DeleteMarker").elem("Key", enc(url, v.key())).elem("VersionId", v.versionId()).elem("IsLatest", en[1])
                        .elem("LastModified", v.lastModified()).start("Owner").elem("ID", owner).end().end();
            } else {
                x.start("Version").elem("Key", enc(url, v.key())).elem("VersionId", v.versionId()).elem("IsLatest", en[1])
                        .elem("LastModified", v.lastModified()).elem("ETag", v.etag()).elem("Size", v.size())
                        .elem("StorageClass", "STANDARD").start("Owner").elem("ID", owner).end().end();
            }
        }
        for (String p : prefixes) x.start("CommonPrefixes").elem("Prefix", enc(url, p)).end();
        return ok(200, x.toString());
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    // ---------------------------------------------------------------- objects

    private AwsResponse objectOperation(AwsRequest req, SigV4Verifier.Signed signed, S3Store.Bucket b, String key, Instant now) {
        if (key.getBytes(StandardCharsets.UTF_8).length > 1024) {
            throw new AwsException(400, "KeyTooLongError", "Your key is too long");
        }
        if (req.hasQueryParam("tagging") || req.hasQueryParam("acl") || req.hasQueryParam("uploads")
                || req.hasQueryParam("uploadId") || req.hasQueryParam("retention") || req.hasQueryParam("legal-hold")
                || req.hasQueryParam("attributes") || req.header("x-amz-copy-source") != null) {
            throw new AwsException(501, "NotImplemented", "A header you provided implies functionality that is not implemented");
        }
        return switch (req.method()) {
            case "PUT" -> putObject(req, signed, b, key, now);
            case "GET" -> getObject(req, b, key, false);
            case "HEAD" -> getObject(req, b, key, true);
            case "DELETE" -> deleteObject(req, b, key, now);
            default -> throw new AwsException(405, "MethodNotAllowed", "The specified method is not allowed against this resource.")
                    .with("Method", req.method()).with("ResourceType", "OBJECT");
        };
    }

    private AwsResponse putObject(AwsRequest req, SigV4Verifier.Signed signed, S3Store.Bucket b, String key, Instant now) {
        byte[] data = req.body();
        Map<String, String> trailers = Map.of();
        if (AwsChunked.isStreaming(signed.payloadHash())) {
            AwsChunked.Decoded d = AwsChunked.decode(data, signed);
            data = d.data();
            trailers = d.trailers();
            String decodedLength = req.header("x-amz-decoded-content-length");
            if (decodedLength != null && !decodedLength.equals(String.valueOf(data.length))) {
                throw new AwsException(400, "IncompleteBody", "You did not provide the number of bytes specified by the Content-Length HTTP header");
            }
        } else if (!signed.payloadHash().equals(SigV4Verifier.UNSIGNED) && !signed.payloadHash().equalsIgnoreCase(SigV4.sha256Hex(data))) {
            throw new AwsException(400, "XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.")
                    .with("ClientComputedContentSHA256", signed.payloadHash()).with("S3ComputedContentSHA256", SigV4.sha256Hex(data));
        }
        String md5 = req.header("content-md5");
        byte[] digest = digest("MD5", data);
        if (md5 != null && !md5.equals(Base64.getEncoder().encodeToString(digest))) {
            throw new AwsException(400, "BadDigest", "The Content-MD5 you specified did not match what we received.");
        }
        Map<String, String> checksums = new LinkedHashMap<>();
        for (String alg : List.of("crc32", "crc32c", "sha1", "sha256")) {
            String h = "x-amz-checksum-" + alg;
            String v = trailers.containsKey(h) ? trailers.get(h) : req.header(h);
            if (v == null) continue;
            String actual = checksum(alg, data);
            if (!v.equals(actual)) {
                throw new AwsException(400, "BadDigest", "The " + alg.toUpperCase(Locale.ROOT)
                        + " you specified did not match the calculated checksum.");
            }
            checksums.put(h, v);
        }

        // Conditional writes (S3, since August/November 2024).
        S3Store.Version current = b.current(key);
        String ifNoneMatch = req.header("if-none-match");
        String ifMatch = req.header("if-match");
        if (ifNoneMatch != null) {
            if (!ifNoneMatch.trim().equals("*")) {
                throw new AwsException(501, "NotImplemented", "A header you provided implies functionality that is not implemented")
                        .with("Header", "If-None-Match");
            }
            if (current != null) {
                throw new AwsException(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold")
                        .with("Condition", "If-None-Match");
            }
        }
        if (ifMatch != null) {
            if (current == null) {
                throw new AwsException(404, "NoSuchKey", "The specified key does not exist.").with("Key", key);
            }
            if (!etagMatches(ifMatch, current.etag())) {
                throw new AwsException(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold")
                        .with("Condition", "If-Match");
            }
        }

        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> h : req.headers().entrySet()) {
            String n = h.getKey();
            if (n.startsWith("x-amz-meta-") || STORED_HEADERS.contains(n)) headers.put(n, String.join(",", h.getValue()));
        }
        String ce = headers.get("content-encoding");
        if (ce != null) {
            // aws-chunked is a transfer detail, not part of the stored object.
            List<String> rest = new ArrayList<>();
            for (String part : ce.split(",")) if (!part.trim().equalsIgnoreCase("aws-chunked") && !part.isBlank()) rest.add(part.trim());
            if (rest.isEmpty()) headers.remove("content-encoding"); else headers.put("content-encoding", String.join(",", rest));
        }
        headers.putIfAbsent("content-type", "binary/octet-stream");
        headers.putAll(checksums);
        String etag = "\"" + SigV4.hex(digest) + "\"";
        String versionId = "Enabled".equals(b.versioning) ? Ids.versionId() : "null";
        String blob = store.writeBlob(b, data);
        store.add(b, new S3Store.Version(key, versionId, blob, etag, data.length,
                now.truncatedTo(ChronoUnit.MILLIS).toString(), headers, false));
        AwsResponse r = ok(200, null).header("ETag", etag).header("x-amz-server-side-encryption", "AES256");
        if ("Enabled".equals(b.versioning)) r.header("x-amz-version-id", versionId);
        checksums.forEach(r::header);
        return r;
    }

    private static boolean etagMatches(String header, String etag) {
        for (String part : header.split(",")) {
            String p = part.trim();
            if (p.equals("*") || p.equals(etag) || ("\"" + p + "\"").equals(etag)) return true;
        }
        return false;
    }

    private static void checkVersionId(String versionId) {
        if (versionId != null && !versionId.equals("null") && !versionId.matches("[A-Za-z0-9._]{32}")) {
            throw new AwsException(400, "InvalidArgument", "Invalid version id specified")
                    .with("ArgumentName", "versionId").with("ArgumentValue", versionId);
        }
    }

    private AwsResponse getObject(AwsRequest req, S3Store.Bucket b, String key, boolean head) {
        String versionId = req.queryParam("versionId");
        checkVersionId(versionId);
        S3Store.Version v;
        if (versionId != null) {
            v = b.version(key, versionId);
            if (v == null) {
                throw new AwsException(404, "NoSuchVersion", "The specified version does not exist.").with("Key", key)
                        .with("VersionId", versionId);
            }
            if (v.deleteMarker()) {
                throw new AwsException(405, "MethodNotAllowed", "The specified method is not allowed against this resource.")
                        .with("Method", req.method()).with("ResourceType", "DeleteMarker")
                        .header("x-amz-delete-marker", "true").header("x-amz-version-id", v.versionId())
                        .header("Last-Modified", httpDate(v)).header("Allow", "DELETE");
            }
        } else {
            S3Store.Version latest = b.latest(key);
            if (latest == null || latest.deleteMarker()) {
                AwsException e = new AwsException(404, "NoSuchKey", "The specified key does not exist.").with("Key", key);
                if (latest != null) e.header("x-amz-delete-marker", "true").header("x-amz-version-id", latest.versionId());
                throw e;
            }
            v = latest;
        }
        String ifMatch = req.header("if-match");
        if (ifMatch != null && !etagMatches(ifMatch, v.etag())) {
            throw new AwsException(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold")
                    .with("Condition", "If-Match");
        }
        String ifNoneMatch = req.header("if-none-match");
        if (ifNoneMatch != null && etagMatches(ifNoneMatch, v.etag())) {
            AwsResponse r = new AwsResponse(304, new LinkedHashMap<>(), null).header("ETag", v.etag());
            return r.header("x-amz-request-id", Ids.s3RequestId());
        }
        byte[] data = head ? null : store.readBlob(b, v);
        long size = v.size();
        int status = 200;
        String contentRange = null;
        String range = req.header("range");
        if (range != null) {
            Matcher m = RANGE.matcher(range.trim());
            if (m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
                long start;
                long end;
                if (m.group(1).isEmpty()) {
                    start = Math.max(0, size - Long.parseLong(m.group(2)));
                    end = size - 1;
                } else {
                    start = Long.parseLong(m.group(1));
                    end = m.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(m.group(2)));
                }
                if (start >= size || start > end) {
                    throw new AwsException(416, "InvalidRange", "The requested range is not satisfiable")
                            .with("RangeRequested", range).with("ActualObjectSize", String.valueOf(size));
                }
                status = 206;
                contentRange = "bytes " + start + "-" + end + "/" + size;
                if (data != null) data = Arrays.copyOfRange(data, (int) start, (int) end + 1);
                size = end - start + 1;
            }
        }
        Map<String, String> h = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : v.headers().entrySet()) {
            if (e.getKey().startsWith("x-amz-checksum-") && !"ENABLED".equalsIgnoreCase(req.header("x-amz-checksum-mode"))) continue;
            if (e.getKey().startsWith("x-amz-checksum-") && status == 206) continue;
            h.put(e.getKey(), e.getValue());
        }
        AwsResponse r = new AwsResponse(status, h, head ? null : data);
        r.header("Content-Length", String.valueOf(size)).header("ETag", v.etag()).header("Last-Modified", httpDate(v))
                .header("Accept-Ranges", "bytes").header("x-amz-server-side-encryption", "AES256")
                .header("Content-Range", contentRange).header("x-amz-request-id", Ids.s3RequestId());
        if (b.versioning != null) r.header("x-amz-version-id", v.versionId());
        return r;
    }

    private static String httpDate(S3Store.Version v) {
        return HTTP_DATE.format(Instant.parse(v.lastModified()));
    }

    /** What one delete did: the version id removed or created, and whether a delete marker is involved. */
    private record Deleted(String versionId, boolean deleteMarker, String markerVersionId) {}

    private Deleted delete(S3Store.Bucket b, String key, String versionId, Instant now) {
        if (versionId != null) {
            checkVersionId(versionId);
            S3Store.Version removed = store.remove(b, key, versionId);
            return new Deleted(versionId, removed != null && removed.deleteMarker(), removed != null && removed.deleteMarker() ? versionId : null);
        }
        if (b.versioning == null) {
            store.remove(b, key, "null");
            return new Deleted(null, false, null);
        }
        String vid = "Enabled".equals(b.versioning) ? Ids.versionId() : "null";
        store.add(b, new S3Store.Version(key, vid, null, null, 0, now.truncatedTo(ChronoUnit.MILLIS).toString(), Map.of(), true));
        return new Deleted(vid, true, vid);
    }

    private AwsResponse deleteObject(AwsRequest req, S3Store.Bucket b, String key, Instant now) {
        Deleted d = delete(b, key, req.queryParam("versionId"), now);
        AwsResponse r = ok(204, null);
        if (d.deleteMarker()) r.header("x-amz-delete-marker", "true");
        if (d.versionId() != null) r.header("x-amz-version-id", d.versionId());
        return r;
    }

    private AwsResponse deleteObjects(AwsRequest req, S3Store.Bucket b, Instant now) {
        Element root = Xml.parse(req.body());
        if (!"Delete".equals(Xml.local(root))) throw Xml.malformed();
        boolean quiet = "true".equalsIgnoreCase(Xml.text(root, "Quiet"));
        List<Element> objects = Xml.children(root, "Object");
        if (objects.isEmpty() || objects.size() > 1000) throw Xml.malformed();
        Xml x = new Xml().start("DeleteResult", NS);
        for (Element o : objects) {
            String key = Xml.text(o, "Key");
            String vid = Xml.text(o, "VersionId");
            if (key == null) throw Xml.malformed();
            try {
                Deleted d = delete(b, key, vid, now);
                if (quiet) continue;
                x.start("Deleted").elem("Key", key).elem("VersionId", vid);
                if (d.deleteMarker()) x.elem("DeleteMarker", true).elem("DeleteMarkerVersionId", d.markerVersionId());
                x.end();
            } catch (AwsException e) {
                x.start("Error").elem("Key", key).elem("VersionId", vid).elem("Code", e.code()).elem("Message", e.getMessage()).end();
            }
        }
        return ok(200, x.toString());
    }

    private static byte[] digest(String alg, byte[] data) {
        try {
            return MessageDigest.getInstance(alg).digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String checksum(String alg, byte[] data) {
        return switch (alg) {
            case "crc32" -> crc(new CRC32(), data);
            case "crc32c" -> crc(new CRC32C(), data);
            case "sha1" -> Base64.getEncoder().encodeToString(digest("SHA-1", data));
            default -> Base64.getEncoder().encodeToString(digest("SHA-256", data));
        };
    }

    private static String crc(Checksum c, byte[] data) {
        c.update(data, 0, data.length);
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) c.getValue()).array());
    }
}
