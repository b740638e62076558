package dev.sluice.testsupport;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenLDAP server (Debian's slapd) on 127.0.0.1 with a throw-away database: suffix
 * {@code dc=sluice,dc=test}, admin {@code cn=admin,dc=sluice,dc=test} / {@code adminpw}, and the
 * user {@code uid=alice,ou=people,dc=sluice,dc=test} with password {@code secret}.
 */
public final class Slapd implements AutoCloseable {

    public static final String ADMIN_DN = "cn=admin,dc=sluice,dc=test";
    public static final String ADMIN_PASSWORD = "adminpw";
    public static final String PEOPLE = "ou=people,dc=sluice,dc=test";

    private final Path dir;
    private final Process process;
    private final int port;

    public static boolean available() {
        return Files.isExecutable(Path.of("/usr/sbin/slapd")) && Files.isExecutable(Path.of("/usr/sbin/slapadd"));
    }

    public Slapd() throws IOException, InterruptedException {
        dir = Files.createTempDirectory("slapd");
        Files.createDirectory(dir.resolve("db"));
        Path conf = dir.resolve("slapd.conf");
        Files.writeString(conf, String.join("\n",
                "include /etc/ldap/schema/core.schema",
                "include /etc/ldap/schema/cosine.schema",
                "include /etc/ldap/schema/inetorgperson.schema",
                "modulepath /usr/lib/ldap",
                "moduleload back_mdb",
                "pidfile " + dir.resolve("slapd.pid"),
                "database mdb",
                "maxsize 10485760",
                "suffix \"dc=sluice,dc=test\"",
                "rootdn \"" + ADMIN_DN + "\"",
                "rootpw " + ADMIN_PASSWORD,
                "directory " + dir.resolve("db"), ""));
        Path ldif = dir.resolve("data.ldif");
        Files.writeString(ldif, """
                dn: dc=sluice,dc=test
                objectClass: dcObject
                objectClass: organization
                dc: sluice
                o: Sluice

                dn: ou=people,dc=sluice,dc=test
                objectClass: organizationalUnit
                ou: people

                dn: uid=alice,ou=people,dc=sluice,dc=test
                objectClass: inetOrgPerson
                uid: alice
                cn: Alice
                sn: A
                userPassword: secret
                """);
        Process add = new ProcessBuilder("/usr/sbin/slapadd", "-f", conf.toString(), "-l", ldif.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("slapadd.log").toFile()).start();
        if (!add.waitFor(30, TimeUnit.SECONDS) || add.exitValue() != 0) throw new IOException("slapadd failed: " + Files.readString(dir.resolve("slapadd.log")));
        port = SluiceProcess.freePort();
        process = new ProcessBuilder("/usr/sbin/slapd", "-f", conf.toString(), "-h", "ldap://127.0.0.1:" + port + "/", "-d", "0")
                .redirectErrorStream(true).redirectOutput(dir.resolve("slapd.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline || !process.isAlive()) throw new IOException("slapd did not start: " + Files.readString(dir.resolve("slapd.log")));
                Thread.sleep(50);
            }
        }
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
