package com.example.txndr.deploy.budget;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.deploy.budget.internal.Schedules;
import org.junit.jupiter.api.Test;

class SchedulesTest {
  @Test
  void rateExpressionsAreTheirInterval() {
    assertThat(Schedules.longestIntervalSeconds("rate(1 minute)")).contains(60L);
    assertThat(Schedules.longestIntervalSeconds("rate(5 minutes)")).contains(300L);
    assertThat(Schedules.longestIntervalSeconds("rate(2 hours)")).contains(7200L);
    assertThat(Schedules.longestIntervalSeconds("rate(1 day)")).contains(86_400L);
  }

  @Test
  void dailyCronExpressionsAreTheirLongestGapAcrossMidnight() {
    assertThat(Schedules.longestIntervalSeconds("cron(0 * ? * * *)")).contains(3600L);
    assertThat(Schedules.longestIntervalSeconds("cron(30 5 ? * * *)")).contains(86_400L);
    assertThat(Schedules.longestIntervalSeconds("cron(0/15 * * * ? *)")).contains(900L);
    assertThat(Schedules.longestIntervalSeconds("cron(0 8-17 ? * * *)")).contains(15 * 3600L);
    assertThat(Schedules.longestIntervalSeconds("cron(0 6,18 ? * * *)")).contains(12 * 3600L);
  }

  @Test
  void expressionsThatDoNotRunEveryDayAreNotBounded() {
    assertThat(Schedules.longestIntervalSeconds("cron(0 12 ? * MON *)")).isEmpty();
    assertThat(Schedules.longestIntervalSeconds("cron(0 12 1 * ? *)")).isEmpty();
    assertThat(Schedules.longestIntervalSeconds("at(2030-01-01T00:00:00)")).isEmpty();
    assertThat(Schedules.longestIntervalSeconds("rate(0 minutes)")).isEmpty();
    assertThat(Schedules.longestIntervalSeconds("cron(61 * ? * * *)")).isEmpty();
  }
}
