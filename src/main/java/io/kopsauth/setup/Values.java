package io.kopsauth.setup;

/** The names under which setup's steps keep values in the run state (and the journal). */
final class Values {
    static final String ACCOUNT = "account";
    static final String CALLER_ARN = "callerArn";
    static final String KOPS_VERSION = "kopsVersion";
    static final String MAPPING_MODE = "mappingMode";
    static final String STATE_STORE = "stateStore";
    static final String STATE_BUCKET = "stateBucket";
    static final String ADMIN_ROLE_ARN = "adminRoleArn";
    static final String ADMIN_KUBECONFIG = "adminKubeconfig";
    static final String CLUSTER_UPDATE_NEEDED = "clusterUpdateNeeded";
    static final String KUBECONFIG = "kubeconfig";
    static final String CONTEXT = "context";
    static final String WHOAMI = "whoami";
    static final String EXEC_COMMAND = "execCommand";

    private Values() {}
}
