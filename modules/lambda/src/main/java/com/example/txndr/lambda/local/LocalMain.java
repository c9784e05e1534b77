package com.example.txndr.lambda.local;

public final class LocalMain {
  public static void main(String[] args) {}
}
