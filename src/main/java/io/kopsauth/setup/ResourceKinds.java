package io.kopsauth.setup;

/** The kinds of resource setup records in the journal; teardown undoes them by kind. */
public final class ResourceKinds {
    public static final String S3_BUCKET = "s3-bucket";
    public static final String KOPS_CLUSTER = "kops-cluster";
    public static final String IAM_ROLE = "iam-role";
    public static final String ADMIN_KUBECONFIG = "admin-kubeconfig";
    public static final String CONFIGMAP = "configmap";
    public static final String KUBECONFIG_ENTRIES = "kubeconfig-entries";

    private ResourceKinds() {}
}
