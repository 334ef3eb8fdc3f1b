package io.kopsauth.teardown;

import io.kopsauth.aws.StateBuckets;
import io.kopsauth.setup.S3JournalMirror;
import io.kopsauth.setup.SetupPorts;
import io.kopsauth.setup.Values;
import io.kopsauth.workflow.RunContext;
import io.kopsauth.workflow.RunState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Removes kopsauth's copy of the journal (and a lock left behind) from {@code s3://<bucket>/<cluster>/kopsauth/}.
 * It must go before {@code kops delete cluster}: kops refuses to delete a cluster whose state-store folder holds
 * files it does not know ("refusing to delete: unknown file found"); and it must go from a bucket teardown keeps.
 */
public final class RemoveJournalMirrorStep extends UndoStep {
    static final String KIND = "s3-object";
    private final SetupPorts ports;

    public RemoveJournalMirrorStep(SetupPorts ports) {
        this.ports = ports;
    }

    @Override
    public String id() {
        return "remove-journal-copy";
    }

    @Override
    public String title() {
        return "Remove the journal's copy from the state store";
    }

    private List<String> present(RunState s) {
        Optional<String> bucket = s.value(Values.STATE_BUCKET);
        Optional<String> account = s.value(Values.ACCOUNT);
        String cluster = s.cluster().orElse(null);
        if (bucket.isEmpty() || account.isEmpty() || cluster == null) return List.of();
        if (ports.buckets().inspect(bucket.get(), account.get()).access() != StateBuckets.Access.OURS) return List.of();
        List<String> keys = new ArrayList<>();
        for (String k : S3JournalMirror.keys(cluster)) {
            if (ports.buckets().getObject(bucket.get(), k).isPresent()) keys.add(k);
        }
        return keys;
    }

    @Override
    public List<Disposition> assess(RunContext ctx) {
        String bucket = ctx.state().value(Values.STATE_BUCKET).orElse("?");
        return present(ctx.state()).stream()
                .map(k -> Disposition.delete(KIND, "s3://" + bucket + "/" + k, "written by kopsauth; kops delete cluster refuses unknown files"))
                .toList();
    }

    @Override
    public void apply(RunContext ctx) {
        String bucket = ctx.state().require(Values.STATE_BUCKET);
        for (String k : present(ctx.state())) ports.buckets().deleteObject(bucket, k);
    }
}
