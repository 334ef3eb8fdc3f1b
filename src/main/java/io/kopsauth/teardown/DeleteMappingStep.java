package io.kopsauth.teardown;

import io.kopsauth.setup.ApplyMappingStep;
import io.kopsauth.setup.ResourceKinds;
import io.kopsauth.workflow.Resource;
import io.kopsauth.workflow.RunContext;
import io.kopsauth.workflow.RunState;
import java.util.List;
import java.util.Optional;

/**
 * Deletes the authenticator's ConfigMap setup applied, while the cluster still answers; a cluster that is gone or
 * does not answer is skipped cleanly (the ConfigMap goes with it). In CRD mode the mappings live in the kops spec
 * and go with the cluster.
 */
public final class DeleteMappingStep extends UndoStep {
    private final ApplyMappingStep setup;

    public DeleteMappingStep(ApplyMappingStep setup) {
        this.setup = setup;
    }

    @Override
    public String id() {
        return "delete-mapping";
    }

    @Override
    public String title() {
        return "Delete the authenticator's mapping ConfigMap";
    }

    @Override
    public List<Disposition> assess(RunContext ctx) {
        RunState s = ctx.state();
        String id = ApplyMappingStep.configMapId();
        Optional<Resource> r = s.resource(ResourceKinds.CONFIGMAP, id);
        if (r.isEmpty()) return List.of();
        String kind = ResourceKinds.CONFIGMAP;
        if (!ApplyMappingStep.configMapRemovable(s)) {
            return List.of(Disposition.keep(kind, id, "the cluster was not created by kopsauth; removing the mapping would lock its IAM users out"));
        }
        if (!setup.apiAnswers(s)) return List.of(Disposition.gone(kind, id, "the API server does not answer; it goes with the cluster"));
        if (!setup.configMapPresent(s)) return List.of(Disposition.gone(kind, id, "not in the cluster"));
        return List.of(Disposition.delete(kind, id, "applied by kopsauth setup"));
    }

    @Override
    public void apply(RunContext ctx) {
        setup.undo(ctx);
    }
}
