package io.kopsauth.teardown;

import io.kopsauth.render.AuthInputs;
import io.kopsauth.setup.SetupInputs;
import io.kopsauth.setup.Values;
import io.kopsauth.workflow.RunState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the user asked of a teardown.
 *
 * @param keepBucket keep the state bucket even if kopsauth created it
 * @param keepRole   keep the admin role even if kopsauth created it and nothing else uses it
 */
public record TeardownInputs(boolean keepBucket, boolean keepRole) {

    /**
     * The setup inputs the setup steps are built with for their {@code undo}, from the journal: undo reads only the
     * journal, so these only name the cluster, region, role and kubeconfig that setup used.
     */
    public static SetupInputs setupInputs(RunState journal) {
        String name = journal.cluster().orElseThrow();
        AuthInputs auth = AuthInputs.defaults(name);
        String region = journal.input("region").orElse(null);
        if (region != null) auth = auth.withRegion(region);
        String role = journal.input("adminRoleName").orElse(AuthInputs.DEFAULT_ADMIN_ROLE);
        auth = new AuthInputs(auth.name(), auth.clusterId(), auth.accountId(), auth.region(), auth.profile(), role,
                auth.adminUsername(), auth.adminGroups(), auth.mapRoles(), auth.mapUsers(), auth.mapAccounts(),
                auth.trustPrincipals(), auth.requireMfa(), auth.mfaMaxAge(), auth.externalId(), auth.execCommand(), auth.mapping());
        Path kubeconfig = Path.of(journal.value(Values.KUBECONFIG).or(() -> journal.input("kubeconfig")).orElse("config"));
        return new SetupInputs(name, auth, false, false, List.of(), journal.value(Values.STATE_STORE).orElse(null), null, null,
                null, null, false, kubeconfig, false, Map.of(), null, Duration.ofMinutes(15));
    }
}
