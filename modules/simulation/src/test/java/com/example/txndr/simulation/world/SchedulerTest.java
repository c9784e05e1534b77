package com.example.txndr.simulation.world;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchedulerTest {
  @Test
  void tasksInterleaveInVirtualTimeOrder() {
    Scheduler scheduler = new Scheduler();
    List<String> log = new ArrayList<>();
    scheduler.spawn("a", 0, () -> {
      log.add("a0@" + scheduler.now());
      scheduler.sleep(10);
      log.add("a1@" + scheduler.now());
    });
    scheduler.spawn("b", 5, () -> {
      log.add("b0@" + scheduler.now());
      scheduler.sleep(10);
      log.add("b1@" + scheduler.now());
    });
    scheduler.runUntil(100);
    scheduler.stop();

    assertThat(log).containsExactly("a0@0", "b0@5", "a1@10", "b1@15");
  }

  @Test
  void eventsDueAtTheSameTimeRunInTheOrderTheyWereScheduled() {
    Scheduler scheduler = new Scheduler();
    List<String> log = new ArrayList<>();
    scheduler.at(10, () -> log.add("first"));
    scheduler.spawn("task", 10, () -> log.add("second"));
    scheduler.at(10, () -> log.add("third"));
    scheduler.runUntil(10);
    scheduler.stop();

    assertThat(log).containsExactly("first", "second", "third");
  }

  @Test
  void runStopsAtItsEndAndLeavesLaterEventsWaiting() {
    Scheduler scheduler = new Scheduler();
    List<Long> log = new ArrayList<>();
    scheduler.spawn("ticker", 0, () -> {
      while (true) {
        log.add(scheduler.now());
        scheduler.sleep(30);
      }
    });
    scheduler.runUntil(100);
    scheduler.stop();

    assertThat(log).containsExactly(0L, 30L, 60L, 90L);
    assertThat(scheduler.now()).isEqualTo(100);
  }

  @Test
  void failureOfATaskFailsTheRunNamingTheTask() {
    Scheduler scheduler = new Scheduler();
    scheduler.spawn("broken", 0, () -> {
      throw new IllegalStateException("boom");
    });
    try {
      scheduler.runUntil(10);
      throw new AssertionError("the run should have failed");
    } catch (IllegalStateException e) {
      assertThat(e).hasMessageContaining("task broken failed");
    } finally {
      scheduler.stop();
    }
  }
}
