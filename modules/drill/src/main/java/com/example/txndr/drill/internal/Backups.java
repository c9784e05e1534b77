package com.example.txndr.drill.internal;

import java.time.Instant;
import java.util.Optional;

/** AWS Backup: the cross-region copies of the recovery points. */
public interface Backups {
  /** The most recently created copy job in {@code region} to the vault {@code destinationVaultArn}. */
  Optional<CopyJob> lastCopyJob(String region, String destinationVaultArn);

  /** A copy job: its state and when it was created and completed (null while running). */
  record CopyJob(String id, String state, String resourceType, Instant created, Instant completed) {}
}
