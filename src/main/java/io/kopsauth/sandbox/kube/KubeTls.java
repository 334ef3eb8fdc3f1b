package io.kopsauth.sandbox.kube;

import io.kopsauth.exec.Cmd;
import io.kopsauth.exec.ProcResult;
import io.kopsauth.exec.ProcessRunner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The API simulator's self-signed serving certificate (SAN {@code IP:127.0.0.1}, {@code DNS:localhost}): made once
 * with {@code keytool} and kept in the state directory, so kubeconfigs written earlier keep trusting it.
 */
public final class KubeTls {
    static final String ALIAS = "kube-apiserver";
    // The keystore only ever lives in the sandbox's own state directory; its password protects nothing real.
    private static final String STORE_PASS = "kopsauth-sandbox";

    private final SSLContext context;
    private final String caPem;

    private KubeTls(SSLContext context, String caPem) {
        this.context = context;
        this.caPem = caPem;
    }

    /** Loads {@code dir/apiserver.p12}, generating it with keytool first if it does not exist. */
    public static KubeTls loadOrCreate(Path dir, ProcessRunner runner) throws IOException {
        Path store = dir.resolve("apiserver.p12");
        if (!Files.isRegularFile(store)) {
            Files.createDirectories(dir);
            Path tmp = dir.resolve("apiserver.p12.tmp");
            Files.deleteIfExists(tmp);
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            ProcResult r = runner.run(Cmd.of(keytool, "-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
                            "-sigalg", "SHA256withECDSA", "-dname", "CN=kopsauth-sandbox-kube-apiserver", "-validity", "3650",
                            "-ext", "SAN=IP:127.0.0.1,DNS:localhost", "-ext", "BC:c=ca:true",
                            "-keystore", tmp.toString(), "-storetype", "PKCS12", "-storepass", STORE_PASS, "-keypass", STORE_PASS)
                    .withTimeout(Duration.ofMinutes(2)));
            if (!r.ok()) throw new IOException("keytool failed (exit " + r.exitCode() + "): " + r.tail(5));
            Files.move(tmp, store, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, STORE_PASS.toCharArray());
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, STORE_PASS.toCharArray());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            Certificate cert = ks.getCertificate(ALIAS);
            String pem = "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
            Files.writeString(dir.resolve("ca.crt"), pem);
            return new KubeTls(ctx, pem);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot load " + store + ": " + e.getMessage(), e);
        }
    }

    public SSLContext context() {
        return context;
    }

    /** The certificate in PEM (it is its own CA). */
    public String caPem() {
        return caPem;
    }
}
