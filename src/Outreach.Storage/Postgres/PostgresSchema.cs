namespace Outreach.Storage.Postgres;

/// <summary>
/// The PostgreSQL schema, one script per version. Instants are unix milliseconds, money is 1/10,000 units (both
/// BIGINT), as in SQLite. Keys use the "C" collation: keyset order is byte order, the same as SQLite's, and
/// comparisons skip the locale (several times faster to index on a database created with a linguistic locale).
/// </summary>
internal static class PostgresSchema
{
    public static readonly IReadOnlyList<string> Migrations =
    [
        """
        CREATE TABLE customers (
            id TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            name TEXT,
            phone TEXT,
            email TEXT,
            wechat_open_id TEXT,
            time_zone TEXT,
            tags JSONB NOT NULL DEFAULT '[]',
            consent_sms INTEGER NOT NULL DEFAULT 0,
            consent_call INTEGER NOT NULL DEFAULT 0,
            consent_email INTEGER NOT NULL DEFAULT 0,
            consent_wechat INTEGER NOT NULL DEFAULT 0,
            membership_tier TEXT,
            membership_tier_key TEXT,
            membership_status INTEGER NOT NULL DEFAULT 0,
            membership_expires_at BIGINT,
            membership_changed_at BIGINT,
            first_purchase_at BIGINT,
            last_purchase_at BIGINT,
            purchase_count INTEGER NOT NULL DEFAULT 0,
            total_spend_units BIGINT NOT NULL DEFAULT 0,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL
        );

        CREATE TABLE customer_tags (
            customer_id TEXT COLLATE "C" NOT NULL,
            tag_key TEXT COLLATE "C" NOT NULL,
            PRIMARY KEY (customer_id, tag_key)
        );
        CREATE INDEX ix_customer_tags_tag ON customer_tags (tag_key, customer_id);

        CREATE TABLE customer_events (
            id TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            customer_id TEXT COLLATE "C" NOT NULL,
            type TEXT NOT NULL,
            occurred_at BIGINT NOT NULL,
            amount_units BIGINT,
            properties JSONB,
            received_at BIGINT NOT NULL
        );
        CREATE INDEX ix_customer_events_customer ON customer_events (customer_id, occurred_at);
        """,
        // 2: the touch queue and ledger. The id (campaign/run/step/customer) is the key, so planning is idempotent;
        // due_at is when a touch may be tried (for a Reserved one, when its lease runs out), which is what claims scan.
        """
        CREATE TABLE touches (
            id TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            campaign_id TEXT COLLATE "C" NOT NULL,
            run_id TEXT COLLATE "C" NOT NULL,
            step INTEGER NOT NULL,
            customer_id TEXT COLLATE "C" NOT NULL,
            status TEXT COLLATE "C" NOT NULL,
            channel TEXT,
            variant TEXT,
            reason TEXT,
            due_at BIGINT NOT NULL,
            expires_at BIGINT,
            attempts INTEGER NOT NULL DEFAULT 0,
            provider_id TEXT,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL
        );
        CREATE INDEX ix_touches_due ON touches (due_at, id) WHERE status IN ('Planned', 'Deferred', 'Reserved');
        CREATE INDEX ix_touches_customer ON touches (customer_id, created_at);
        CREATE INDEX ix_touches_campaign ON touches (campaign_id, run_id, status);
        """,
        // 3: runs with their state, the cursor of background scans, the sequence start of a touch (its goal counts from
        // there), capped touches claimable when due, and events findable by when they arrived (event triggers scan that).
        """
        ALTER TABLE touches ADD COLUMN sequence_at BIGINT;
        DROP INDEX ix_touches_due;
        CREATE INDEX ix_touches_due ON touches (due_at, id) WHERE status IN ('Planned', 'Deferred', 'Capped', 'Reserved');
        CREATE INDEX ix_customer_events_received ON customer_events (received_at, id);

        CREATE TABLE runs (
            campaign_id TEXT COLLATE "C" NOT NULL,
            run_id TEXT COLLATE "C" NOT NULL,
            state TEXT NOT NULL,
            trigger TEXT NOT NULL,
            audience BIGINT,
            note TEXT,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            PRIMARY KEY (campaign_id, run_id)
        );
        CREATE INDEX ix_runs_created ON runs (created_at);

        CREATE TABLE cursors (
            name TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            value TEXT NOT NULL,
            updated_at BIGINT NOT NULL
        );
        """,
        // 4: a run's own due touches in claim order, so a claim scoped to one run (outreach run) reads the next batch
        // instead of sorting every pending touch of the run: without it a 1M-customer run claims in quadratic time.
        """
        CREATE INDEX ix_touches_run_due ON touches (campaign_id, run_id, due_at, id) WHERE status IN ('Planned', 'Deferred', 'Capped', 'Reserved');
        """,
        // 5: touches by the provider's message id, which is all a WeChat send-finished event names.
        """
        CREATE INDEX ix_touches_provider ON touches (provider_id) WHERE provider_id IS NOT NULL;
        """,
        // 6: email addresses in lower case, as they are now stored and suppressed (the suppression list matches exactly).
        """
        UPDATE customers SET email = lower(email) WHERE email IS NOT NULL AND email <> lower(email);
        """,
    ];
}
