package io.kopsauth.setup;

/** The names under which setup's steps keep values in the run state (and the journal). */
public final class Values {
    public static final String ACCOUNT = "account";
    public static final String CALLER_ARN = "callerArn";
    public static final String KOPS_VERSION = "kopsVersion";
    public static final String MAPPING_MODE = "mappingMode";
    public static final String STATE_STORE = "stateStore";
    public static final String STATE_BUCKET = "stateBucket";
    public static final String ADMIN_ROLE_ARN = "adminRoleArn";
    public static final String ADMIN_KUBECONFIG = "adminKubeconfig";
    public static final String CLUSTER_UPDATE_NEEDED = "clusterUpdateNeeded";
    public static final String KUBECONFIG = "kubeconfig";
    public static final String CONTEXT = "context";
    public static final String WHOAMI = "whoami";
    public static final String EXEC_COMMAND = "execCommand";

    private Values() {}
}
