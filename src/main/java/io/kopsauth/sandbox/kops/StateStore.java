package io.kopsauth.sandbox.kops;

import io.kopsauth.aws.AwsClients;
import io.kopsauth.aws.AwsSettings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The kops state store ({@code s3://bucket[/prefix]}) through the AWS SDK, with kops' layout (kops-cli.md §4). */
public final class StateStore implements AutoCloseable {
    private final String url;
    private final String bucket;
    private final String prefix;
    private final AwsClients clients;

    private StateStore(String url, String bucket, String prefix, AwsClients clients) {
        this.url = url;
        this.bucket = bucket;
        this.prefix = prefix;
        this.clients = clients;
    }

    /** Opens the store named by {@code --state} or {@code KOPS_STATE_STORE}; errors as kops prints them. */
    public static StateStore open(String flag, Map<String, String> env) {
        String s = flag != null && !flag.isEmpty() ? flag : env.get("KOPS_STATE_STORE");
        if (s == null || s.isEmpty()) {
            throw new KopsException("State Store: Required value: Please set the --state flag or export KOPS_STATE_STORE.\n"
                    + "For example, a valid value follows the format s3://<bucket>.\n"
                    + "You can find the supported stores in https://kops.sigs.k8s.io/state.");
        }
        while (s.endsWith("/")) s = s.substring(0, s.length() - 1);
        if (s.startsWith("memfs://")) {
            throw new KopsException("State Store: Invalid value: \"" + s + "\": Unable to read state store.\n"
                    + "Please use a valid state store when setting --state or KOPS_STATE_STORE env var.\n"
                    + "For example, a valid value follows the format s3://<bucket>.\n"
                    + "Trailing slash will be trimmed.");
        }
        if (!s.startsWith("s3://")) {
            throw new KopsException("the kops simulator supports only s3:// state stores (got \"" + s + "\")");
        }
        String rest = s.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1) + "/";
        return new StateStore(s, bucket, prefix, new AwsClients(AwsSettings.resolve(null, null, env)));
    }

    public String url() {
        return url;
    }

    /** {@code s3://bucket/<cluster>}. */
    public String configBase(String cluster) {
        return url + "/" + cluster;
    }

    private S3Client s3() {
        return clients.s3();
    }

    private String key(String path) {
        return prefix + path;
    }

    /** An object's text, or null when it does not exist. */
    public String read(String path) {
        try {
            return s3().getObjectAsBytes(b -> b.bucket(bucket).key(key(path))).asString(StandardCharsets.UTF_8);
        } catch (NoSuchKeyException e) {
            return null;
        } catch (NoSuchBucketException e) {
            throw noBucket(path);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                if ("NoSuchBucket".equals(e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode())) throw noBucket(path);
                return null;
            }
            throw new KopsException("error reading " + url + "/" + path + ": " + e.getMessage());
        }
    }

    private KopsException noBucket(String path) {
        return new KopsException("error reading " + url + "/" + path + ": NoSuchBucket: The specified bucket does not exist\n"
                + "\tstatus code: 404, bucket: " + bucket);
    }

    public void write(String path, String text) {
        try {
            s3().putObject(b -> b.bucket(bucket).key(key(path)).serverSideEncryption("AES256"),
                    RequestBody.fromString(text, StandardCharsets.UTF_8));
        } catch (NoSuchBucketException e) {
            throw noBucket(path);
        } catch (S3Exception e) {
            throw new KopsException("error writing " + url + "/" + path + ": " + e.getMessage());
        }
    }

    /** Paths (relative to the store) under {@code dir}. */
    public List<String> list(String dir) {
        List<String> out = new ArrayList<>();
        try {
            for (var page : s3().listObjectsV2Paginator(b -> b.bucket(bucket).prefix(key(dir)))) {
                for (S3Object o : page.contents()) out.add(o.key().substring(prefix.length()));
            }
        } catch (NoSuchBucketException e) {
            throw noBucket(dir);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) throw noBucket(dir);
            throw new KopsException("error listing " + url + "/" + dir + ": " + e.getMessage());
        }
        return out;
    }

    public void delete(String path) {
        s3().deleteObject(b -> b.bucket(bucket).key(key(path)));
    }

    /** The names of the clusters in the store (every {@code <name>/config}). */
    public List<String> clusters() {
        List<String> out = new ArrayList<>();
        for (String p : list("")) {
            String[] parts = p.split("/");
            if (parts.length == 2 && parts[1].equals("config")) out.add(parts[0]);
        }
        out.sort(String::compareTo);
        return out;
    }

    @Override
    public void close() {
        clients.close();
    }
}
