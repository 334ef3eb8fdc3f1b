package io.kopsauth.workflow;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A step whose check and apply are lambdas, counting applies; for engine tests. */
final class FakeStep implements Step {
    interface Body {
        void run(RunContext ctx) throws Exception;
    }

    interface Checker {
        Check check(RunContext ctx) throws Exception;
    }

    private final String id;
    private final Checker checker;
    private final Body body;
    final AtomicInteger applied = new AtomicInteger();

    FakeStep(String id, Checker checker, Body body) {
        this.id = id;
        this.checker = checker;
        this.body = body;
    }

    static FakeStep todo(String id, Body body) {
        return new FakeStep(id, ctx -> Check.todo(id + " missing"), body);
    }

    /** Done once it has been applied in this state (the value "<id>" is set), like a real idempotent step. */
    static FakeStep settingValue(String id) {
        return new FakeStep(id, ctx -> ctx.state().value(id).isPresent() ? Check.done(id + " is there") : Check.todo(id + " missing"),
                ctx -> ctx.state().put(id, "yes"));
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String title() {
        return "Step " + id;
    }

    @Override
    public List<Action> describe(RunContext ctx) {
        return List.of(Action.note("do " + id));
    }

    @Override
    public Check check(RunContext ctx) throws Exception {
        return checker.check(ctx);
    }

    @Override
    public void apply(RunContext ctx) throws Exception {
        applied.incrementAndGet();
        body.run(ctx);
    }
}
