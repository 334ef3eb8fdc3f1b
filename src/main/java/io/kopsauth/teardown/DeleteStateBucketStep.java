package io.kopsauth.teardown;

import io.kopsauth.aws.StateBuckets;
import io.kopsauth.setup.CreateStateBucketStep;
import io.kopsauth.setup.ResourceKinds;
import io.kopsauth.setup.SetupPorts;
import io.kopsauth.setup.Values;
import io.kopsauth.workflow.Resource;
import io.kopsauth.workflow.RunContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The S3 state bucket, only if kopsauth created it: every object version and delete marker (ListObjectVersions +
 * DeleteObjects, 1 000 at a time), then the bucket. A bucket that existed before setup, or {@code --keep-bucket},
 * keeps it.
 */
public final class DeleteStateBucketStep extends UndoStep {
    private final CreateStateBucketStep setup;
    private final SetupPorts ports;
    private final boolean keepBucket;

    public DeleteStateBucketStep(CreateStateBucketStep setup, SetupPorts ports, boolean keepBucket) {
        this.setup = setup;
        this.ports = ports;
        this.keepBucket = keepBucket;
    }

    @Override
    public String id() {
        return "delete-state-bucket";
    }

    @Override
    public String title() {
        return "Delete the S3 state bucket with every object version";
    }

    @Override
    public List<Disposition> assess(RunContext ctx) {
        List<Disposition> out = new ArrayList<>();
        for (Resource r : ctx.state().resources(ResourceKinds.S3_BUCKET)) {
            if (!r.created()) {
                out.add(Disposition.keep(r.kind(), r.id(), "not created by kopsauth (it existed before setup)"));
            } else if (keepBucket) {
                out.add(Disposition.keep(r.kind(), r.id(), "--keep-bucket"));
            } else {
                StateBuckets.Access a = ports.buckets().inspect(r.id(), ctx.state().require(Values.ACCOUNT)).access();
                out.add(switch (a) {
                    case MISSING -> Disposition.gone(r.kind(), r.id(), "S3 has no such bucket");
                    case FOREIGN -> Disposition.keep(r.kind(), r.id(), "now owned by another AWS account");
                    case OURS -> others(r.id(), ctx.state().cluster().orElseThrow()).isEmpty()
                            ? Disposition.delete(r.kind(), r.id(), "created by kopsauth: every object version and delete marker, then the bucket")
                            : Disposition.keep(r.kind(), r.id(), "it also holds " + String.join(", ", others(r.id(), ctx.state().cluster().orElseThrow()))
                                    + " (another cluster's state store?); empty it yourself if that is not needed");
                });
            }
        }
        return out;
    }

    /** Folders of the bucket other than this cluster's: another kops cluster's state must not go with ours. */
    private java.util.Set<String> others(String bucket, String cluster) {
        java.util.Set<String> f = new java.util.TreeSet<>(ports.buckets().folders(bucket));
        f.remove(cluster + "/");
        return f.stream().map(x -> x.isEmpty() ? "objects at its root" : x).collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }

    @Override
    public void apply(RunContext ctx) {
        if (keepBucket) return;
        String cluster = ctx.state().cluster().orElseThrow();
        for (Resource r : ctx.state().resources(ResourceKinds.S3_BUCKET)) {
            // Read again right before deleting: only a bucket that holds nothing but this cluster's state goes.
            if (r.created() && ports.buckets().inspect(r.id(), ctx.state().require(Values.ACCOUNT)).access() == StateBuckets.Access.OURS
                    && !others(r.id(), cluster).isEmpty()) {
                return;
            }
        }
        setup.undo(ctx);
    }
}
