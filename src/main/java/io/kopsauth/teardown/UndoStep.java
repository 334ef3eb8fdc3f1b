package io.kopsauth.teardown;

import io.kopsauth.workflow.Action;
import io.kopsauth.workflow.Check;
import io.kopsauth.workflow.RunContext;
import io.kopsauth.workflow.Step;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A teardown step: the inverse of one setup step. {@link #assess} reads the world and says, for every resource the
 * journal holds for that step, what teardown will do with it; {@link #check} is done when nothing is left to change
 * ("already gone" is success); {@link #apply} runs the setup step's {@code undo}, so setup and teardown share one
 * implementation of each resource's lifecycle.
 */
public abstract class UndoStep implements Step {

    /** What this step will do with each resource, read from the world now; never changes anything. */
    public abstract List<Disposition> assess(RunContext ctx) throws Exception;

    @Override
    public Check check(RunContext ctx) throws Exception {
        List<Disposition> ds = assess(ctx);
        List<Disposition> todo = ds.stream().filter(Disposition::changes).toList();
        if (todo.isEmpty()) {
            return Check.done(ds.isEmpty() ? "nothing recorded" : ds.stream().map(d -> d.id() + " " + d.verdict().word()
                    + (d.reason() == null ? "" : " (" + d.reason() + ")")).collect(Collectors.joining("; ")));
        }
        return Check.todo(todo.stream().map(d -> d.verdict().word() + " " + d.id()).collect(Collectors.joining("; ")));
    }

    @Override
    public List<Action> describe(RunContext ctx) {
        try {
            return assess(ctx).stream().filter(Disposition::changes)
                    .map(d -> Action.note(d.verdict().word() + " " + d.kind() + " " + d.id() + ": " + d.reason())).toList();
        } catch (Exception e) {
            return List.of(Action.note("could not read the world: " + e.getMessage()));
        }
    }
}
