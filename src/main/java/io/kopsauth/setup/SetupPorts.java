package io.kopsauth.setup;

import io.kopsauth.aws.IamRoles;
import io.kopsauth.aws.StateBuckets;
import io.kopsauth.kops.Kops;
import io.kopsauth.kube.Kubeconfigs;
import io.kopsauth.kube.Kubectl;
import io.kopsauth.preflight.Preflight;
import io.kopsauth.render.Artifacts;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The outside world as setup's steps see it. A real run gets the SDK, process and file adapters; a dry run
 * gets recording write ports over the same real reads.
 *
 * @param preflight   runs the doctor's checks (tools, kops version, region, STS identity)
 * @param buckets     S3
 * @param roles       IAM
 * @param kops        the kops CLI
 * @param kubectl     the kubectl CLI
 * @param kubeconfigs kubeconfig files
 * @param artifacts   the documents kopsauth renders
 * @param which       finds a program on the world's PATH
 * @param clusterDir  kopsauth's directory for a cluster (journal, admin kubeconfig)
 */
public record SetupPorts(Supplier<Preflight.Report> preflight, StateBuckets buckets, IamRoles roles, Kops kops, Kubectl kubectl,
                         Kubeconfigs kubeconfigs, Artifacts artifacts, Function<String, Optional<Path>> which,
                         Function<String, Path> clusterDir) {

    /** The kops-exported admin kubeconfig of a cluster, kept by kopsauth. */
    public Path adminKubeconfig(String cluster) {
        return clusterDir.apply(cluster).resolve("admin.kubeconfig");
    }
}
