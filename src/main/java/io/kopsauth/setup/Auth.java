package io.kopsauth.setup;

import io.kopsauth.render.AuthInputs;
import io.kopsauth.render.MappingMode;
import io.kopsauth.workflow.RunState;

/** The run's identity inputs, once preflight and naming have decided the cluster, account, mode and plugin. */
final class Auth {
    private Auth() {}

    static AuthInputs of(SetupInputs in, RunState s) {
        return in.authFor(s.cluster().orElseThrow(), s.require(Values.ACCOUNT),
                MappingMode.parse(s.require(Values.MAPPING_MODE)), s.require(Values.EXEC_COMMAND));
    }

    static MappingMode mode(RunState s) {
        return MappingMode.parse(s.require(Values.MAPPING_MODE));
    }
}
