package io.routstr.gateway.application.fake;

import io.routstr.gateway.application.contract.WalletJournalContract;
import io.routstr.gateway.application.contract.WalletProofStoreContract;
import io.routstr.gateway.application.contract.WalletSeedContract;
import io.routstr.gateway.application.port.out.WalletJournalPort;
import io.routstr.gateway.application.port.out.WalletProofStorePort;
import io.routstr.gateway.application.port.out.WalletSeedPort;
import org.junit.jupiter.api.Nested;

class InMemoryWalletStoresTest {

    @Nested
    class ProofStore extends WalletProofStoreContract {
        private final InMemoryWalletProofStore store = new InMemoryWalletProofStore();

        @Override
        protected WalletProofStorePort store() {
            return store;
        }
    }

    @Nested
    class Journal extends WalletJournalContract {
        private final InMemoryWalletJournal journal = new InMemoryWalletJournal();

        @Override
        protected WalletJournalPort journal() {
            return journal;
        }
    }

    @Nested
    class Seed extends WalletSeedContract {
        private final InMemoryWalletSeed seeds = new InMemoryWalletSeed();

        @Override
        protected WalletSeedPort seeds() {
            return seeds;
        }
    }
}
