package com.example.txndr.simulation.world;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.Semaphore;

/**
 * A discrete-event scheduler over virtual time in which the real code runs on threads, one at a
 * time. A task runs until it waits ({@link #sleep}: a Lambda's back-off, a keeper's tick, a
 * request's network latency) and the scheduler then resumes whichever task is due next, by
 * (time, order of scheduling). Only one thread ever runs, and every choice is made here from the
 * seeded events, so a seed replays the same run, interleavings included; a ten-minute failover
 * takes a few seconds.
 */
public final class Scheduler {
  /** Thrown into a task's thread when the run ends while it waits. */
  static final class Stopped extends Error {
    private static final long serialVersionUID = 1L;

    Stopped() {
      super("simulation stopped", null, false, false);
    }
  }

  private record Event(long at, long order, Task task, Runnable action) {}

  private static final class Task {
    final String name;
    final Runnable body;
    final Semaphore resume = new Semaphore(0);
    Thread thread;
    boolean stopping;
    /** Set by the task's own thread before it hands the baton back for the last time. */
    volatile boolean done;

    Task(String name, Runnable body) {
      this.name = name;
      this.body = body;
    }
  }

  private final PriorityQueue<Event> queue = new PriorityQueue<>(
      (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.order, b.order));
  private final Semaphore yielded = new Semaphore(0);
  // Per scheduler, not static: each scheduler's threads know their own task, and only theirs.
  @SuppressWarnings("ThreadLocalUsage")
  private final ThreadLocal<Task> current = new ThreadLocal<>();
  private final List<Task> tasks = new ArrayList<>();
  private final List<Throwable> failures = new ArrayList<>();
  private long now;
  private long order;
  private long until;

  /** Virtual now, in milliseconds since the run's epoch. */
  public long now() {
    return now;
  }

  /** Starts {@code body} as a task at virtual time {@code at} (not before now). */
  public void spawn(String name, long at, Runnable body) {
    Task task = new Task(name, body);
    tasks.add(task);
    schedule(Math.max(at, now), task);
  }

  private void schedule(long at, Task task) {
    queue.add(new Event(at, order++, task, null));
  }

  /**
   * Runs {@code action} at virtual time {@code at} on the scheduler's own thread, between tasks:
   * for instantaneous events (a replicated item arriving, a fault starting). It must not sleep.
   */
  public void at(long at, Runnable action) {
    queue.add(new Event(Math.max(at, now), order++, null, action));
  }

  /** True when called from a task's thread. */
  public boolean inTask() {
    return current.get() != null;
  }

  /** Waits {@code millis} of virtual time; from a task only. */
  public void sleep(long millis) {
    Task task = current.get();
    if (task == null) {
      throw new IllegalStateException("sleep() outside a simulation task");
    }
    long wake = now + Math.max(0, millis);
    Event next = queue.peek();
    if (wake <= until && (next == null || next.at > wake)) {
      // Nothing else is due first: this task would be resumed next anyway. Advancing the clock
      // in place gives the same run without two thread switches.
      now = wake;
      return;
    }
    schedule(wake, task);
    yielded.release();
    task.resume.acquireUninterruptibly();
    if (task.stopping) {
      throw new Stopped();
    }
  }

  /** Runs every event due up to {@code until} (virtual ms); returns when none is due before it. */
  public void runUntil(long until) {
    this.until = until;
    while (!queue.isEmpty() && queue.peek().at <= until) {
      Event event = queue.poll();
      now = event.at;
      if (event.action != null) {
        event.action.run();
      } else {
        resume(event.task);
      }
    }
    now = Math.max(now, until);
    if (!failures.isEmpty()) {
      Throwable first = failures.get(0);
      throw new IllegalStateException("a simulation task failed: " + first, first);
    }
  }

  private void resume(Task task) {
    if (task.thread == null) {
      task.thread = new Thread(() -> {
        current.set(task);
        task.resume.acquireUninterruptibly();
        try {
          if (!task.stopping) {
            task.body.run();
          }
        } catch (Stopped e) {
          // the run ended while this task waited
        } catch (Throwable e) {
          synchronized (failures) {
            failures.add(new IllegalStateException("task " + task.name + " failed", e));
          }
        } finally {
          task.done = true;
          yielded.release();
        }
      }, "sim-" + task.name);
      task.thread.setDaemon(true);
      task.thread.start();
    }
    task.resume.release();
    yielded.acquireUninterruptibly();
  }

  /** Ends every waiting task's thread. */
  public void stop() {
    for (Task task : tasks) {
      if (task.thread != null && !task.done) {
        task.stopping = true;
        task.resume.release();
        yielded.acquireUninterruptibly();
      }
    }
    queue.clear();
  }
}
