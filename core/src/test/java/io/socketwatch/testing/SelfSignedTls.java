package io.socketwatch.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1}, made once per JVM by the JDK's {@code keytool}
 * (nothing is fetched): one {@link SSLContext} that both serves it and trusts it, for HTTPS on loopback.
 */
public final class SelfSignedTls {

    private static final char[] PASSWORD = "socketwatch".toCharArray();
    private static SelfSignedTls instance;

    private final SSLContext context;
    private final X509TrustManager trustManager;

    private SelfSignedTls(SSLContext context, X509TrustManager trustManager) {
        this.context = context;
        this.trustManager = trustManager;
    }

    /** Returns the JVM's certificate, making it on first use (about half a second). */
    public static synchronized SelfSignedTls get() {
        if (instance == null) {
            try {
                instance = create();
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("cannot make a self-signed certificate", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while making a self-signed certificate", e);
            }
        }
        return instance;
    }

    /** Returns a context whose key manager serves the certificate and whose trust manager trusts it alone. */
    public SSLContext context() {
        return context;
    }

    /** Returns the context's trust manager, which trusts the certificate alone. */
    public X509TrustManager trustManager() {
        return trustManager;
    }

    private static SelfSignedTls create() throws IOException, GeneralSecurityException, InterruptedException {
        Path directory = Files.createTempDirectory("socketwatch-tls-");
        Path keyStoreFile = directory.resolve("localhost.p12");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "localhost", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keyStoreFile.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD));
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        keytool.getOutputStream().close();
        if (!keytool.waitFor(30, TimeUnit.SECONDS)) {
            keytool.destroyForcibly();
            throw new IOException("keytool did not end within 30 s");
        }
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (keytool.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStoreFile)) {
            keyStore.load(in, PASSWORD);
        } finally {
            Files.delete(keyStoreFile);
            Files.delete(directory);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, PASSWORD);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(keyStore);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return new SelfSignedTls(context, (X509TrustManager) trust.getTrustManagers()[0]);
    }
}
