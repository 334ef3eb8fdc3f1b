package io.kopsauth.aws;

import io.kopsauth.cli.CliException;
import io.kopsauth.cli.ExitCode;
import io.kopsauth.token.CredentialSource;
import io.kopsauth.token.SigningCredentials;
import io.kopsauth.token.StsPresigner;
import io.kopsauth.token.TokenRequest;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * The token's keys through the AWS SDK: the credential chain of {@link AwsClients} (environment keys, else the
 * profile), then, with a role, STS AssumeRole (15-minute session, session name from -s, the caller's own session
 * with --forward-session-name, else {@code kopsauth-<unix millis>}; external id from -e). Region: --region >
 * AWS_REGION > AWS_DEFAULT_REGION > profile > us-east-1, never an instance-metadata probe.
 */
public final class SdkCredentialSource implements CredentialSource {
    /** AssumeRole's shortest session: the token cannot outlive 15 minutes anyway. */
    static final int ROLE_SESSION_SECONDS = 900;
    private final Map<String, String> env;
    private final Clock clock;

    public SdkCredentialSource(Map<String, String> env, Clock clock) {
        this.env = Map.copyOf(env);
        this.clock = clock;
    }

    @Override
    public Signing resolve(TokenRequest r) {
        AwsSettings s = AwsSettings.resolve(r.profile(), r.region(), env);
        if (s.region() == null) s = new AwsSettings(s.profile(), StsPresigner.DEFAULT_REGION, s.env());
        if (s.profileProperty("mfa_serial").isPresent()) {
            throw new CliException(ExitCode.FAILED, "could not get token: profile '" + (s.profile() == null ? "default" : s.profile())
                    + "' requires an MFA code (mfa_serial), and kopsauth token does not prompt for one",
                    "use a profile without mfa_serial (e.g. one with keys from 'aws sts get-session-token'), or use "
                            + "aws-iam-authenticator as the exec plugin with interactiveMode: IfAvailable");
        }
        AwsClients clients = new AwsClients(s);
        String step = "loading AWS credentials";
        try {
            SigningCredentials keys;
            if (r.roleArn() == null) {
                keys = of(clients.credentials().resolveCredentials());
            } else {
                String session = r.sessionName();
                if (session == null && r.forwardSessionName()) {
                    step = "sts:GetCallerIdentity (for --forward-session-name)";
                    String[] parts = clients.sts().getCallerIdentity().userId().split(":");
                    if (parts.length == 2) session = parts[1];
                }
                if (session == null) session = "kopsauth-" + clock.millis();
                step = "sts:AssumeRole " + r.roleArn();
                AssumeRoleRequest.Builder req = AssumeRoleRequest.builder().roleArn(r.roleArn()).roleSessionName(session)
                        .durationSeconds(ROLE_SESSION_SECONDS);
                if (r.externalId() != null) req.externalId(r.externalId());
                Credentials c = clients.sts().assumeRole(req.build()).credentials();
                keys = new SigningCredentials(c.accessKeyId(), c.secretAccessKey(), c.sessionToken(), c.expiration());
            }
            return new Signing(s.region(), s.endpoint("sts").orElse(null), keys);
        } catch (SdkException e) {
            CliException t = AwsErrors.translate(step, e);
            String hint = t.hints().isEmpty() ? null : t.hints().get(0);
            if ("AccessDenied".equals(AwsErrors.code(e)) && r.roleArn() != null) {
                hint = "check that the trust policy of " + r.roleArn() + " allows your identity to assume it (and, with -e, "
                        + "the external id); a trust policy that requires MFA (--require-mfa) cannot be used by kopsauth token";
            }
            throw new CliException(ExitCode.FAILED, "could not get token: " + t.getMessage(), e, hint);
        } finally {
            clients.close();
        }
    }

    private static SigningCredentials of(AwsCredentials c) {
        String token = c instanceof AwsSessionCredentials sc ? sc.sessionToken() : null;
        return new SigningCredentials(c.accessKeyId(), c.secretAccessKey(), token, c.expirationTime().orElse(null));
    }
}
