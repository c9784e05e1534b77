package com.example.txndr.globaltable.internal;

/** A table item's key: hash value and range value ({@link Value#NULL} for a hash-only table). */
record PrimaryKey(Value hash, Value range) {
}
