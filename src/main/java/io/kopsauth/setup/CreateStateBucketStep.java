package io.kopsauth.setup;

import io.kopsauth.aws.StateBuckets;
import io.kopsauth.cli.CliException;
import io.kopsauth.workflow.Action;
import io.kopsauth.workflow.Check;
import io.kopsauth.workflow.Resource;
import io.kopsauth.workflow.RunContext;
import io.kopsauth.workflow.RunState;
import io.kopsauth.workflow.Step;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates the S3 bucket kops keeps its state in: in the run's region, versioned (kops "STRONGLY" recommends
 * it), encrypted by default, public access blocked, tagged as kopsauth's. A bucket this account already owns
 * is reused as it is; one owned by someone else stops the run.
 * See https://kops.sigs.k8s.io/state/ and the blog's "create an S3 bucket" step.
 */
public final class CreateStateBucketStep implements Step {
    static final String ID = "create-state-bucket";
    private final SetupInputs in;
    private final SetupPorts ports;

    public CreateStateBucketStep(SetupInputs in, SetupPorts ports) {
        this.in = in;
        this.ports = ports;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Create the S3 state bucket";
    }

    private String bucket(RunContext ctx) {
        return ctx.state().require(Values.STATE_BUCKET);
    }

    private Map<String, String> tags(RunState s) {
        Map<String, String> t = new LinkedHashMap<>();
        t.put(StateBuckets.MANAGED_BY_TAG, "kopsauth");
        t.put("kopsauth:cluster", s.cluster().orElseThrow());
        return t;
    }

    @Override
    public List<Action> describe(RunContext ctx) {
        String b = bucket(ctx);
        String loc = "us-east-1".equals(in.region()) ? "" : " --create-bucket-configuration LocationConstraint=" + in.region();
        return List.of(
                Action.aws("aws s3api create-bucket --bucket " + b + " --region " + in.region() + loc, null),
                Action.aws("aws s3api put-bucket-versioning --bucket " + b + " --versioning-configuration Status=Enabled", null),
                Action.aws("aws s3api put-bucket-encryption --bucket " + b
                        + " --server-side-encryption-configuration '{\"Rules\":[{\"ApplyServerSideEncryptionByDefault\":{\"SSEAlgorithm\":\"AES256\"}}]}'", null),
                Action.aws("aws s3api put-public-access-block --bucket " + b + " --public-access-block-configuration "
                        + "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true", null),
                Action.aws("aws s3api put-bucket-tagging --bucket " + b + " --tagging 'TagSet=[{Key=kopsauth:managed-by,Value=kopsauth},"
                        + "{Key=kopsauth:cluster,Value=" + ctx.state().cluster().orElse("$NAME") + "}]'", null));
    }

    private StateBuckets.Bucket inspect(RunContext ctx) {
        String b = bucket(ctx);
        StateBuckets.Bucket got = ports.buckets().inspect(b, ctx.state().require(Values.ACCOUNT));
        if (got.access() == StateBuckets.Access.FOREIGN) {
            throw CliException.failed("the S3 bucket '" + b + "' already exists and belongs to another AWS account (or denies you access)",
                    "bucket names are global: choose another with --state-store s3://<unique-name>");
        }
        return got;
    }

    @Override
    public Check check(RunContext ctx) {
        StateBuckets.Bucket got = inspect(ctx);
        String b = bucket(ctx);
        if (got.access() == StateBuckets.Access.MISSING) return Check.todo("bucket " + b + " does not exist");
        var journaled = ctx.state().resource(ResourceKinds.S3_BUCKET, b);
        if (journaled.isEmpty()) return Check.todo("bucket " + b + " exists but is not in the journal yet");
        if (journaled.get().created() && !got.versioning()) return Check.todo("bucket " + b + " has versioning off");
        return Check.done("s3://" + b + " exists" + (got.region() == null ? "" : " in " + got.region())
                + (journaled.get().created() ? "" : " (yours, reused)"));
    }

    @Override
    public void apply(RunContext ctx) {
        String b = bucket(ctx);
        RunState s = ctx.state();
        StateBuckets.Bucket got = inspect(ctx);
        boolean ours = s.resource(ResourceKinds.S3_BUCKET, b).map(Resource::created).orElse(false) || got.createdByKopsauth();
        if (got.access() == StateBuckets.Access.MISSING) {
            // Journal the intent first: if we are killed right after CreateBucket, the re-run knows it is ours.
            s.record(Resource.created(ResourceKinds.S3_BUCKET, b, id()).with("region", in.region()));
            ctx.checkpoint();
            ports.buckets().create(b, in.region());
            ours = true;
        }
        if (ours) {
            ports.buckets().enableVersioning(b);
            ports.buckets().enableDefaultEncryption(b);
            ports.buckets().blockPublicAccess(b);
            ports.buckets().tag(b, tags(s));
            s.record(Resource.created(ResourceKinds.S3_BUCKET, b, id()).with("region", in.region()));
        } else {
            ctx.note("reusing your bucket " + b + " as it is");
            s.record(Resource.adopted(ResourceKinds.S3_BUCKET, b, id()));
        }
    }

    /** Deletes the bucket with every object version, only if kopsauth created it; a reused bucket stays. */
    @Override
    public void undo(RunContext ctx) {
        String b = bucket(ctx);
        RunState s = ctx.state();
        if (!s.resource(ResourceKinds.S3_BUCKET, b).map(Resource::created).orElse(false)) return;
        if (ports.buckets().inspect(b, s.require(Values.ACCOUNT)).access() == StateBuckets.Access.OURS) {
            ctx.note("deleting every object version and delete marker of " + b);
            int n = ports.buckets().deleteAllVersions(b);
            ctx.note("deleted " + n + " object versions");
            ports.buckets().deleteBucket(b);
        }
        s.forget(ResourceKinds.S3_BUCKET, b);
    }
}
