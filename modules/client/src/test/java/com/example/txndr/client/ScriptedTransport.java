package com.example.txndr.client;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/** A transport that answers from a script, one step per attempt, and keeps what it was sent. */
final class ScriptedTransport implements Transport {
  private final Deque<Object> script = new ArrayDeque<>();
  final List<Call> sent = new ArrayList<>();
  final List<Duration> timeouts = new ArrayList<>();
  int reconnects;

  /** The next attempt is answered {@code status} with {@code body} and {@code headers}. */
  ScriptedTransport answer(int status, String body, Map<String, String> headers) {
    script.add(new Reply(status, headers, body));
    return this;
  }

  ScriptedTransport answer(int status, String body) {
    return answer(status, body, Map.of());
  }

  ScriptedTransport error(int status, String code, Map<String, String> headers) {
    return answer(status, "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + code + " message\"}}", headers);
  }

  /** The next attempt gets no answer. */
  ScriptedTransport silence() {
    script.add(new IOException("read timed out"));
    return this;
  }

  /** Every attempt after the script ran out is answered as the last step was. */
  @Override
  public Reply send(Call call, Duration timeout) throws IOException {
    sent.add(call);
    timeouts.add(timeout);
    Object step = script.size() > 1 ? script.poll() : script.peek();
    if (step == null) {
      throw new IllegalStateException("no script");
    }
    if (step instanceof IOException e) {
      throw e;
    }
    return (Reply) step;
  }

  @Override
  public void reconnect() {
    reconnects++;
  }
}
