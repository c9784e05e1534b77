package com.example.txndr.drill.internal;

import java.util.Optional;

/**
 * DNS as a client of the failover name sees it: this machine's resolvers, with whatever they
 * cache (the record's TTL), unlike Route 53's own TestDNSAnswer.
 */
public interface Resolver {
  /** The target of the CNAME record {@code name}, without the trailing dot, or empty when there is none. */
  Optional<String> cname(String name);

  /** The resolvers of the JDK's DNS provider (JNDI), which reads the system's resolver configuration. */
  static Resolver system() {
    return name -> {
      // InitialDirContext takes a Hashtable; no other map will do.
      @SuppressWarnings("JdkObsolete")
      java.util.Hashtable<String, String> env = new java.util.Hashtable<>();
      env.put(javax.naming.Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.dns.DnsContextFactory");
      env.put("com.sun.jndi.dns.timeout.initial", "2000");
      env.put("com.sun.jndi.dns.timeout.retries", "2");
      try {
        javax.naming.directory.DirContext context = new javax.naming.directory.InitialDirContext(env);
        try {
          // JNDI's DNS provider only (factory fixed above): it returns strings, deserializes nothing.
          @SuppressWarnings("BanJNDI")
          javax.naming.directory.Attribute cname = context.getAttributes(name, new String[] {"CNAME"}).get("CNAME");
          if (cname == null || cname.size() == 0) {
            return Optional.empty();
          }
          String target = cname.get(0).toString();
          return Optional.of(target.endsWith(".") ? target.substring(0, target.length() - 1) : target);
        } finally {
          context.close();
        }
      } catch (javax.naming.NameNotFoundException e) {
        return Optional.empty();
      } catch (javax.naming.NamingException e) {
        throw new IllegalStateException("DNS lookup of " + name + " failed: " + e.getMessage(), e);
      }
    };
  }
}
