package com.example.txndr.drill.internal;

import com.example.txndr.lambda.fencing.ActiveRegion;
import com.example.txndr.lambda.fencing.ControlView;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Changing the active region by hand, the same way the orchestrator does: the control items
 * (the fencing truth, through the lambda module's code), then the informational
 * {@code active-region} parameter in both regions. The change is written in one region's
 * replica: {@code promote --region R} writes in R (R takes over, also while its peer is down);
 * {@code demote --region R} and the drill's failback write in R, the region giving up, which
 * stops writing at once, while its peer starts only when the change has replicated: the two
 * never accept writes at the same time.
 */
public final class Operations {
  private final Services services;
  private final Targets targets;
  private final Console console;

  public Operations(Services services, Targets targets, Console console) {
    this.services = services;
    this.targets = targets;
    this.console = console;
  }

  /** What a change did: the state before and after, and each action in words. */
  public record Outcome(ActiveRegion before, ActiveRegion after, boolean promoted, List<String> actions) {}

  /** The fencing state {@code region}'s replica holds: the latest shard (the primary at epoch 0 if none). */
  public ActiveRegion current(String region) {
    return latest(services.fencing().read(region));
  }

  private ActiveRegion latest(ControlView view) {
    return view.latest().orElse(ActiveRegion.assumed(targets.primaryRegion()));
  }

  /** What {@link #makeActive} would do, for a command without {@code --yes}. */
  public String plan(String writeRegion, String candidate) {
    ControlView view = services.fencing().read(writeRegion);
    ActiveRegion seen = latest(view);
    StringBuilder plan = new StringBuilder();
    plan.append("Control items in ").append(writeRegion).append(": ").append(describe(view)).append('\n');
    if (seen.isWritableBy(candidate) && view.agree()) {
      plan.append("Would change nothing: ").append(candidate).append(" is already active at epoch ")
          .append(seen.epoch()).append(" (it would only set ").append(targets.parameterPrefix())
          .append("/active-region to ").append(candidate).append(" where it differs).\n");
    } else {
      plan.append("Would make ").append(candidate).append(" active at epoch ").append(seen.epoch() + 1)
          .append(": every control shard in one transaction, written in ").append(writeRegion)
          .append("'s replica, conditional on epoch ").append(seen.epoch()).append(";\n")
          .append("then set ").append(targets.parameterPrefix()).append("/active-region to ").append(candidate)
          .append(" in ").append(targets.primaryRegion()).append(" and ").append(targets.secondaryRegion()).append(".\n");
      if (!candidate.equals(writeRegion)) {
        plan.append(writeRegion).append(" stops accepting writes at once; ").append(candidate)
            .append(" starts when the change has replicated (about a second).\n");
      } else {
        plan.append(candidate).append(" accepts writes at once; ").append(targets.peer(candidate))
            .append(" stops when the change has replicated to it (if it is down: when it comes back).\n");
      }
    }
    return plan.toString();
  }

  /**
   * Makes {@code candidate} active, written in {@code writeRegion}'s replica, then sets the
   * {@code active-region} parameter in both regions (a region that does not answer is
   * reported, not fatal: the control items are the truth). Fails when another promotion
   * changed the control items to another region first.
   */
  public Outcome makeActive(String writeRegion, String candidate, String reason) {
    targets.requireRegion(writeRegion);
    targets.requireRegion(candidate);
    List<String> actions = new ArrayList<>();
    ControlView view = services.fencing().read(writeRegion);
    ActiveRegion before = latest(view);
    boolean promoted = false;
    if (before.isWritableBy(candidate) && view.agree()) {
      console.line("control items in " + writeRegion + ": " + candidate + " is already active at epoch " + before.epoch());
    } else {
      console.line("making " + candidate + " active at epoch " + (before.epoch() + 1) + " (written in " + writeRegion
          + "; seen there: " + describe(view) + ")");
      promoted = services.fencing().promote(writeRegion, before, candidate, reason);
      if (promoted) {
        actions.add("control items: " + candidate + " active at epoch " + (before.epoch() + 1) + " (written in "
            + writeRegion + ")");
        console.line(actions.get(actions.size() - 1));
      }
    }
    ActiveRegion after = current(writeRegion);
    if (!after.isWritableBy(candidate)) {
      throw new IllegalStateException("Another promotion changed the control items first: " + after
          + " is active; nothing was changed. Check with status, then run the command again.");
    }
    for (String region : List.of(targets.primaryRegion(), targets.secondaryRegion())) {
      String name = targets.parameterPrefix() + "/active-region";
      try {
        Optional<String> value = services.parameters().get(region, name);
        if (value.isPresent() && value.get().equals(candidate)) {
          continue;
        }
        services.parameters().put(region, name, candidate);
        actions.add("SSM " + name + " in " + region + ": " + candidate);
        console.line(actions.get(actions.size() - 1));
      } catch (RuntimeException e) {
        String failure = "could not set SSM " + name + " in " + region + " (informational; set it again later): "
            + Watch.describe(e);
        actions.add(failure);
        console.line(failure);
      }
    }
    return new Outcome(before, after, promoted, actions);
  }

  /** The shards in words: {@code us-east-1 (epoch 3) on all 16 shards}, or what differs. */
  public static String describe(ControlView view) {
    if (view.agree()) {
      return view.latest().orElseThrow() + " on all " + view.shardCount() + " shards";
    }
    if (view.latest().isEmpty()) {
      return "no control items (the primary is assumed active at epoch 0)";
    }
    return view.disagreement();
  }
}
