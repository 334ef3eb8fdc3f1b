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
                    case OURS -> Disposition.delete(r.kind(), r.id(), "created by kopsauth: every object version and delete marker, then the bucket");
                });
            }
        }
        return out;
    }

    @Override
    public void apply(RunContext ctx) {
        if (!keepBucket) setup.undo(ctx);
    }
}
