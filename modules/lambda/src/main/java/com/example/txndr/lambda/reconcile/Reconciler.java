package com.example.txndr.lambda.reconcile;

import com.example.txndr.lambda.Platform;
import com.example.txndr.lambda.domain.Caller;
import com.example.txndr.lambda.domain.IdempotencyRecord;
import com.example.txndr.lambda.domain.Money;
import com.example.txndr.lambda.domain.TradableCurrency;
import com.example.txndr.lambda.domain.Transaction;
import com.example.txndr.lambda.domain.TransactionType;
import com.example.txndr.lambda.fencing.WriteFence;
import com.example.txndr.lambda.lease.Lease;
import com.example.txndr.lambda.lease.LeaseArbiter;
import com.example.txndr.lambda.lease.LeaseArbiter.EpochRecord;
import com.example.txndr.lambda.store.CommitOutcome;
import com.example.txndr.lambda.store.Ledger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reconciliation after a failover (docs/adr/0007). An unplanned failover can leave transactions
 * that the old epoch's region acknowledged but had not replicated when the new region took over.
 * They are not lost: their items are the old epoch's (one writer), so when that region returns
 * they replicate and merge, and balances (sums of per-epoch movements) include them. What they
 * can cause, and what this repairs, exactly once:
 *
 * <ol>
 *   <li>a key applied in both epochs (the client retried in the new region before the old
 *       region's answer replicated): every copy but the newest epoch's is reversed;
 *   <li>an account overdrawn by debits of both epochs, each funded by what its region saw: it is
 *       brought back to zero by a transfer from the suspense account, a bank account that may go
 *       negative and is the bank's claim to recover (reported with the causing transactions).
 * </ol>
 *
 * <p>It examines, for each ended epoch, the transactions of its last {@code window} before the
 * next epoch started (the journal index), runs only in the region that holds the lease, one run
 * at a time (a lock in the control table), and posts its compensations through the fenced
 * commit with deterministic idempotency keys: running it twice changes nothing.
 */
public final class Reconciler {
  /** Default window before an epoch's end in which its transactions may be missing from the next. */
  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(15);
  /** Default account that absorbs overdrafts caused by a failover. */
  public static final String DEFAULT_SUSPENSE_ACCOUNT = "dr-suspense";
  /**
   * Epochs that ended longer ago are not examined again: past the idempotency records' retention
   * (24 h), a duplicate could no longer be recognised anyway.
   */
  public static final Duration LOOKBACK = Duration.ofHours(48);

  private final String self;
  private final Ledger ledger;
  private final LeaseArbiter arbiter;
  private final WriteFence fence;
  private final FindingStore findings;
  private final Platform platform;
  private final Duration window;
  private final String suspenseAccount;
  /** The current run's count of new findings (one run at a time: the reconciliation lock). */
  private long newFindings;

  public Reconciler(String self, Ledger ledger, LeaseArbiter arbiter, WriteFence fence, FindingStore findings,
      Platform platform, Duration window, String suspenseAccount) {
    this.self = self;
    this.ledger = ledger;
    this.arbiter = arbiter;
    this.fence = fence;
    this.findings = findings;
    this.platform = platform;
    this.window = window;
    this.suspenseAccount = suspenseAccount;
  }

  /**
   * What a run did.
   *
   * @param findings every finding of the run, also those an earlier run of this epoch recorded
   *     (a duplicate already reversed is found again, its reversal not posted again)
   * @param staleEpochCommits the transactions of the examined ended epochs whose commit time is
   *     at or after the start of the next epoch (see {@link #staleEpochCommits})
   * @param newFindings how many of {@code findings} this run recorded first (metric {@code
   *     ReconciliationFindings}: a repair already reported is not reported again by each run)
   */
  public record Report(String outcome, long epoch, List<Finding> findings, String detail, long staleEpochCommits,
      long newFindings) {
    /** A run that examined nothing. */
    public Report(String outcome, long epoch, List<Finding> findings, String detail) {
      this(outcome, epoch, findings, detail, 0, 0);
    }
  }

  /** Runs once; never throws for a region that may not run it (the outcome says why). */
  public Report run() {
    Optional<Lease> lease = arbiter.read();
    if (lease.isEmpty() || !lease.get().activeHolder(self)) {
      return new Report("NOT_ACTIVE", lease.map(Lease::epoch).orElse(0L), List.of(),
          "reconciliation runs in the region that holds the lease: " + lease.map(Lease::toString).orElse("none"));
    }
    String owner = self + "/" + platform.ids().get();
    long now = platform.nowMillis();
    if (!arbiter.lockReconciliation(owner, now, now + Duration.ofMinutes(5).toMillis())) {
      return new Report("LOCKED", lease.get().epoch(), List.of(), "another reconciliation is running");
    }
    try {
      List<Finding> found = new ArrayList<>();
      List<EpochRecord> epochs = arbiter.epochs();
      int examined = 0;
      long stale = 0;
      newFindings = 0;
      for (int i = 0; i + 1 < epochs.size(); i++) {
        EpochRecord ended = epochs.get(i);
        long endedAt = epochs.get(i + 1).startedAtMillis();
        if (now - endedAt > LOOKBACK.toMillis()) {
          continue;
        }
        List<Transaction> suspects = ledger.journal(ended.epoch(), endedAt - window.toMillis());
        examined += suspects.size();
        stale += staleEpochCommits(suspects, endedAt);
        found.addAll(reconcile(ended.epoch(), suspects, lease.get().epoch()));
      }
      return new Report("RECONCILED", lease.get().epoch(), found, "examined " + examined + " transactions of the"
          + " last " + window.toMinutes() + " min of each epoch that ended in the last " + LOOKBACK.toHours()
          + " h; " + (found.isEmpty() ? "nothing to repair" : found.size() + " repaired")
          + (stale == 0 ? "" : "; " + stale + " committed at an epoch that had already ended"), stale,
          newFindings);
    } finally {
      arbiter.unlockReconciliation(owner);
    }
  }

  /**
   * The commits of an ended epoch made at or after the next epoch started: a write the fence
   * should have refused (metric {@code StaleEpochCommits}). A transaction's commit time is the
   * writing region's clock, the next epoch's start the new holder's; the lease timing lets a
   * region write only while {@code now + commitBound + maxClockError} is before the lease's
   * expiry and another take over only once {@code now - maxClockError} is past it, so an honest
   * commit is at least {@code 2 x maxClockError + commitBound} before the next epoch's start, and
   * one counted here is a fencing failure (or a clock off by more than the configured bound).
   * Commits in that margin before the start are not counted. A run examines the ended epochs of
   * the last {@link #LOOKBACK}, so the same stale commit is counted again by each run until its
   * epoch falls out of it.
   */
  static long staleEpochCommits(List<Transaction> suspects, long nextEpochStartedAtMillis) {
    return suspects.stream().filter(t -> t.createdAt().toEpochMilli() >= nextEpochStartedAtMillis).count();
  }

  /** Records {@code finding} in the store, counting it in {@link #newFindings} if no earlier run of this epoch did. */
  private Finding record(Finding finding, long current) {
    if (findings.recordNew(finding, current)) {
      newFindings++;
    }
    return finding;
  }

  private List<Finding> reconcile(long epoch, List<Transaction> suspects, long current) {
    List<Finding> found = new ArrayList<>();
    Set<String> accounts = new LinkedHashSet<>();
    for (Transaction t : suspects) {
      accounts.addAll(accountsOf(t));
      List<IdempotencyRecord> records = ledger.idempotencyRecords(t.caller(), t.idempotencyKey());
      Optional<IdempotencyRecord> kept = records.stream().filter(r -> r.statusCode() == 201).findFirst();
      boolean duplicate = kept.isPresent() && !kept.get().transactionId().equals(t.transactionId())
          && records.stream().anyMatch(r -> r.transactionId().equals(t.transactionId()));
      if (duplicate) {
        Transaction reversal = reversal(t);
        String posted = post(reversal);
        found.add(record(new Finding(epoch, Finding.Kind.DUPLICATE_REVERSED, t.transactionId(), posted,
            "key " + t.idempotencyKey() + " was also applied in epoch " + kept.get().epoch() + " as "
                + kept.get().transactionId() + "; this copy was reversed"), current));
      }
    }
    for (String key : accounts) {
      String account = key.substring(0, key.lastIndexOf('/'));
      TradableCurrency currency = TradableCurrency.stored(key.substring(key.lastIndexOf('/') + 1));
      if (account.equals(suspenseAccount)) {
        continue;
      }
      Ledger.BalanceState state = ledger.balanceState(account, currency);
      Money balance = state.balance();
      if (balance.isNegative()) {
        String posted = post(cover(account, state));
        found.add(record(new Finding(epoch, Finding.Kind.OVERDRAWN_COVERED, key, posted,
            account + " was overdrawn by " + balance.amount().negate().toPlainString() + " " + currency
                + " after epoch " + epoch + "'s late transactions merged; covered from " + suspenseAccount), current));
      }
    }
    return found;
  }

  private static List<String> accountsOf(Transaction t) {
    List<String> accounts = new ArrayList<>();
    if (t.sourceAccount() != null) {
      accounts.add(t.sourceAccount() + "/" + t.amount().currencyCode());
    }
    if (t.destinationAccount() != null) {
      accounts.add(t.destinationAccount() + "/" + t.amount().currencyCode());
    }
    return accounts;
  }

  private Transaction reversal(Transaction t) {
    TransactionType type = switch (t.type()) {
      case DEPOSIT -> TransactionType.WITHDRAWAL;
      case WITHDRAWAL -> TransactionType.DEPOSIT;
      case TRANSFER -> TransactionType.TRANSFER;
    };
    String source = t.type() == TransactionType.TRANSFER ? t.destinationAccount()
        : t.type() == TransactionType.DEPOSIT ? t.destinationAccount() : null;
    String destination = t.type() == TransactionType.TRANSFER ? t.sourceAccount()
        : t.type() == TransactionType.WITHDRAWAL ? t.sourceAccount() : null;
    return system("rev-" + t.transactionId(), type, source, destination, t.amount(), Transaction.Kind.REVERSAL,
        t.transactionId(), "reversal:" + t.transactionId());
  }

  private Transaction cover(String account, Ledger.BalanceState state) {
    Money balance = state.balance();
    Money amount = Money.of(balance.amount().negate(), balance.currency());
    // Keyed by the account's movements as they stand: a retry of this very post replays it; a
    // rerun finds the account at zero and posts nothing; a later overdraft (more movements) is new.
    String key = "cover:" + account + ":" + balance.currencyCode() + ":" + state.digest();
    String id = "cover-" + new Caller(key).scope();
    return system(id, TransactionType.TRANSFER, suspenseAccount, account, amount, Transaction.Kind.COVER,
        account + "/" + balance.currencyCode(), key);
  }

  private Transaction system(String id, TransactionType type, String source, String destination, Money amount,
      Transaction.Kind kind, String compensates, String key) {
    return new Transaction(id, type, source, destination, amount, Transaction.COMMITTED, self, 0,
        Instant.ofEpochMilli(platform.nowMillis()), Caller.RECONCILIATION.id(), key, kind, compensates);
  }

  /**
   * Posts a compensation under the current lease, unless one was posted under its key in any
   * epoch this replica has; returns the posted (or earlier) transaction's id. Its id carries the
   * epoch, so that each item has one writer region.
   */
  private String post(Transaction draft) {
    List<IdempotencyRecord> earlier = ledger.idempotencyRecords(draft.caller(), draft.idempotencyKey());
    if (!earlier.isEmpty()) {
      return earlier.get(earlier.size() - 1).transactionId();
    }
    Ledger.Permit permit = fence.permit(draft.idempotencyKey()).orElseThrow(() -> new IllegalStateException(
        "This region lost the write lease during reconciliation; run it again in the active region"));
    Transaction posted = new Transaction(draft.transactionId() + "-e" + permit.epoch(), draft.type(), draft.sourceAccount(),
        draft.destinationAccount(), draft.amount(), draft.status(), draft.region(), permit.epoch(), draft.createdAt(),
        draft.caller(), draft.idempotencyKey(), draft.kind(), draft.compensates());
    Map<String, Object> body = new LinkedHashMap<>(posted.toJson());
    IdempotencyRecord record = new IdempotencyRecord("reconciliation", posted.transactionId(), 201,
        com.example.txndr.lambda.internal.Json.write(body), posted.createdAt().plus(IdempotencyRecord.RETENTION),
        permit.epoch());
    CommitOutcome outcome = ledger.commit(posted, record, permit, false, platform.nowMillis() + 30_000);
    switch (outcome.kind()) {
      case COMMITTED, KEY_EXISTS -> {
        return posted.transactionId();
      }
      default -> throw new IllegalStateException("Compensation " + posted.transactionId() + " was not posted: "
          + outcome.kind() + "; run the reconciliation again");
    }
  }

}
