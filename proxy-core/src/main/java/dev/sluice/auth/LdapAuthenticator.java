package dev.sluice.auth;

import java.util.Hashtable;
import javax.naming.Context;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.InitialDirContext;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;

/**
 * {@code ldap[s]:HOST[:PORT]:BIND_DN:BIND_PASSWORD:SUBTREE[?search_filter_key=ATTR]} through
 * JNDI: binds once when the option is set; each login searches the subtree for the user (name
 * LDAP-escaped) and binds as the entry found with the given password.
 */
final class LdapAuthenticator implements Authenticator {

    private static final String TIMEOUT_MILLIS = "5000";

    private final String url;
    private final String bindDn;
    private final String bindPassword;
    private final String subtree;
    private final String filterKey;

    private LdapAuthenticator(String url, String bindDn, String bindPassword, String subtree, String filterKey) {
        this.url = url;
        this.bindDn = bindDn;
        this.bindPassword = bindPassword;
        this.subtree = subtree;
        this.filterKey = filterKey;
    }

    /** Parses the spec and binds once; throws IllegalArgumentException with the spec's message. */
    static LdapAuthenticator connect(String spec) {
        LdapAuthenticator ldap = parse(spec);
        try {
            ldap.bind(ldap.bindDn, ldap.bindPassword).close();
        } catch (NamingException e) {
            throw new IllegalArgumentException("LDAP bind failed: " + reason(e));
        }
        return ldap;
    }

    static LdapAuthenticator parse(String spec) {
        IllegalArgumentException invalid = new IllegalArgumentException("Invalid LDAP specification: " + spec);
        String[] parts = spec.split(":", -1);
        String scheme;
        String host;
        String port;
        String dn;
        String password;
        String tree;
        if (parts.length == 6) {
            scheme = parts[0];
            host = parts[1];
            port = parts[2];
            dn = parts[3];
            password = parts[4];
            tree = parts[5];
            if (!port.matches("\\d{1,5}")) throw invalid;
        } else if (parts.length == 5) {
            scheme = parts[0];
            host = parts[1];
            port = null;
            dn = parts[2];
            password = parts[3];
            tree = parts[4];
        } else {
            throw invalid;
        }
        if (!scheme.equals("ldap") && !scheme.equals("ldaps")) throw invalid;
        String key = "cn";
        int q = tree.indexOf('?');
        if (q >= 0) {
            String[] kv = tree.substring(q + 1).split("=", -1);
            if (kv.length != 2 || !kv[0].equals("search_filter_key") || kv[1].isEmpty()) throw invalid;
            key = kv[1];
            tree = tree.substring(0, q);
        }
        String url = scheme + "://" + host + (port == null ? "" : ":" + port);
        return new LdapAuthenticator(url, dn, password, tree, key);
    }

    @Override
    public boolean isSlow() {
        return true;
    }

    @Override
    public boolean check(Credentials c) {
        if (c.user().isEmpty() || c.password().isEmpty()) return false;
        try {
            InitialDirContext service = bind(bindDn, bindPassword);
            String userDn;
            try {
                SearchControls controls = new SearchControls();
                controls.setSearchScope(SearchControls.SUBTREE_SCOPE);
                controls.setCountLimit(1);
                NamingEnumeration<SearchResult> found = service.search(subtree, "(" + filterKey + "=" + escape(c.user()) + ")", controls);
                if (!found.hasMore()) return false;
                userDn = found.next().getNameInNamespace();
            } finally {
                service.close();
            }
            bind(userDn, c.password()).close();
            return true;
        } catch (NamingException e) {
            return false;
        }
    }

    private InitialDirContext bind(String dn, String password) throws NamingException {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, url);
        env.put(Context.SECURITY_AUTHENTICATION, "simple");
        env.put(Context.SECURITY_PRINCIPAL, dn);
        env.put(Context.SECURITY_CREDENTIALS, password);
        env.put("com.sun.jndi.ldap.connect.timeout", TIMEOUT_MILLIS);
        env.put("com.sun.jndi.ldap.read.timeout", TIMEOUT_MILLIS);
        return new InitialDirContext(env);
    }

    /** RFC 4515 escaping of a filter value: {@code * ( ) \ NUL}. */
    static String escape(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        for (char ch : value.toCharArray()) {
            switch (ch) {
                case '*' -> sb.append("\\2a");
                case '(' -> sb.append("\\28");
                case ')' -> sb.append("\\29");
                case '\\' -> sb.append("\\5c");
                case '\0' -> sb.append("\\00");
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }

    private static String reason(NamingException e) {
        Throwable root = e.getRootCause() != null ? e.getRootCause() : e;
        String m = root.getMessage() != null ? root.getMessage() : e.getExplanation();
        return m == null ? root.getClass().getSimpleName() : m;
    }
}
