package io.routstr.gateway.application.port.in.lightning;

/** Use case: the background watcher that expires overdue invoices and credits paid ones, late payments included. */
public interface WatchLightningInvoicesUseCase {

    /** Returns how many invoices were credited in this pass. */
    int watch();
}
