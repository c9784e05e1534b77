package com.example.txndr.testkit.moto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * moto_server (the real AWS wire protocol on loopback) for JUnit 5 tests: the one extension of
 * the modules' integration tests.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final Moto MOTO = Moto.builder().build();        // shared per JVM, reset before each test
 *
 * @RegisterExtension
 * static final Moto MOTO = Moto.builder().perClass().build(); // its own process for this class
 *
 * @RegisterExtension
 * static final Moto MOTO = Moto.builder().wireProxy().build(); // clients go through a WireProxy
 * }</pre>
 *
 * <ul>
 *   <li>Lifecycle: {@linkplain Builder#shared() shared} (the default) starts one
 *       {@link MotoProcess} for the whole test run, on first use, kept in the root context's
 *       store and stopped when the run ends; {@linkplain Builder#perClass() per class} starts one
 *       before the class's tests (its nested classes share it) and stops it after them.
 *   <li>Reset before each test (default on; {@link Builder#resetBeforeEach(boolean)}): moto
 *       forgets every resource ({@code POST /moto-api/reset}), IAM enforcement goes back to what
 *       the builder said (off unless {@link Builder#enforcingIam()}), the proxy's pending faults
 *       are dropped.
 *   <li>IAM enforcement: {@link #enforceIam()} and {@link #stopEnforcingIam()} switch moto's
 *       ({@code POST /moto-api/reset-auth}, 0 or inf) at any point of a test.
 *   <li>Wire proxy ({@link Builder#wireProxy()}): a {@link WireProxy} in front of moto, which
 *       serialises the requests moto processes and injects faults ({@link #proxy()}); with it
 *       {@link #endpoint()} is the proxy's, {@link #motoEndpoint()} moto's own. Shared
 *       extensions share one proxy too.
 * </ul>
 *
 * <p>Outside JUnit's Jupiter engine (a benchmark's main, a jqwik container), {@link Builder#start()}
 * gives a started instance with the same methods, which its caller closes. Endpoints use host
 * {@code localhost}. No AWS client comes with it: each module builds its clients with its own
 * credentials and HTTP client on {@link #endpoint()}.
 */
public final class Moto implements BeforeAllCallback, BeforeEachCallback, AutoCloseable {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Moto.class);

  /** A store key: {@code scope} is {@code Moto.class} for the shared process, the extension otherwise. */
  private record Key(Object scope, String part) {}

  private final boolean shared;
  private final boolean resetBeforeEach;
  private final boolean enforcingIam;
  private final boolean wireProxy;
  private final boolean standalone;
  private MotoProcess process;
  private WireProxy proxy;

  private Moto(Builder builder, boolean standalone) {
    this.shared = builder.shared;
    this.resetBeforeEach = builder.resetBeforeEach;
    this.enforcingIam = builder.enforcingIam;
    this.wireProxy = builder.wireProxy;
    this.standalone = standalone;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** How the extension runs moto; {@link #build()} for {@code @RegisterExtension}, {@link #start()} outside JUnit. */
  public static final class Builder {
    private boolean shared = true;
    private boolean resetBeforeEach = true;
    private boolean enforcingIam;
    private boolean wireProxy;

    private Builder() {}

    /** One moto_server for every test class of the JVM that uses a shared Moto (the default). */
    public Builder shared() {
      shared = true;
      return this;
    }

    /** A moto_server of this test class alone, started before its tests and stopped after them. */
    public Builder perClass() {
      shared = false;
      return this;
    }

    /** Whether each test starts from an empty moto, IAM enforcement as built, no faults (default true). */
    public Builder resetBeforeEach(boolean reset) {
      resetBeforeEach = reset;
      return this;
    }

    /**
     * Every test starts with IAM enforced: requests must be signed with the access key of one of
     * moto's IAM users and allowed by its policies. Without it (the default) every test starts
     * with any credentials accepted, and may call {@link Moto#enforceIam()}.
     */
    public Builder enforcingIam() {
      enforcingIam = true;
      return this;
    }

    /** Clients reach moto through a {@link WireProxy}: one request at a time, faults injectable. */
    public Builder wireProxy() {
      wireProxy = true;
      return this;
    }

    /** The extension, to register with {@code @RegisterExtension static final}. */
    public Moto build() {
      return new Moto(this, false);
    }

    /**
     * A moto_server (behind its proxy, if asked) started now, outside JUnit: its own process
     * whatever {@link #shared()} says, in the IAM state built, reset only by {@link Moto#reset()}.
     * Close it to stop it.
     */
    public Moto start() {
      Moto moto = new Moto(this, true);
      moto.process = MotoProcess.start();
      try {
        if (wireProxy) {
          moto.proxy = startProxy(moto.process);
        }
        if (enforcingIam) {
          moto.process.enforceIam();
        }
      } catch (IOException e) {
        moto.close();
        throw new UncheckedIOException(e);
      } catch (RuntimeException e) {
        moto.close();
        throw e;
      }
      return moto;
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    ExtensionContext.Store store = shared ? context.getRoot().getStore(NAMESPACE) : context.getStore(NAMESPACE);
    Object scope = shared ? Moto.class : this;
    // A nested class's store finds its enclosing class's values: one process per class tree.
    process = store.getOrComputeIfAbsent(new Key(scope, "process"), k -> MotoProcess.start(), MotoProcess.class);
    if (wireProxy) {
      MotoProcess target = process;
      proxy = store.getOrComputeIfAbsent(new Key(scope, "proxy"), k -> startProxy(target), WireProxy.class);
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    if (resetBeforeEach) {
      reset();
    }
  }

  /**
   * The endpoint for clients: the {@link WireProxy}'s when there is one, moto's otherwise
   * ({@code http://localhost:<port>}).
   */
  public URI endpoint() {
    return proxy != null ? proxy.endpoint() : motoEndpoint();
  }

  /** moto_server itself, bypassing the proxy if there is one. */
  public URI motoEndpoint() {
    return running().endpoint();
  }

  /** The proxy in front of moto, to inject faults; only with {@link Builder#wireProxy()}. */
  public WireProxy proxy() {
    running();
    if (proxy == null) {
      throw new IllegalStateException("No wire proxy: build the extension with Moto.builder().wireProxy()");
    }
    return proxy;
  }

  /**
   * What happens before each test (unless {@code resetBeforeEach(false)}): the proxy's pending
   * faults dropped, every resource forgotten, IAM enforcement back to what the builder said.
   */
  public void reset() throws IOException {
    MotoProcess moto = running();
    if (proxy != null) {
      proxy.clearFaults();
    }
    moto.stopEnforcingIam();
    moto.reset();
    if (enforcingIam) {
      moto.enforceIam();
    }
  }

  /** From now on every request must be signed by an IAM user of moto and allowed by its policies. */
  public void enforceIam() throws IOException {
    running().enforceIam();
  }

  /** Back to accepting any credentials. */
  public void stopEnforcingIam() throws IOException {
    running().stopEnforcingIam();
  }

  /**
   * Stops a moto from {@link Builder#start()} (its proxy, then the process). Does nothing for a
   * registered extension: JUnit stops its process with the context that holds it.
   */
  @Override
  public void close() {
    if (!standalone) {
      return;
    }
    if (proxy != null) {
      proxy.close();
    }
    if (process != null) {
      process.close();
    }
  }

  private MotoProcess running() {
    if (process == null) {
      throw new IllegalStateException("moto is not started: register the extension with "
          + "@RegisterExtension static final Moto MOTO = Moto.builder()...build(), or use Moto.builder()...start()");
    }
    return process;
  }

  private static WireProxy startProxy(MotoProcess target) {
    try {
      return new WireProxy(target.endpoint());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the proxy in front of moto_server", e);
    }
  }
}
