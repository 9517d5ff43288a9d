namespace Outreach.Storage.Sqlite;

/// <summary>
/// The SQLite schema, one script per version. Instants are unix milliseconds, money is 1/10,000 units (both INTEGER);
/// tables keyed by text are WITHOUT ROWID so a row lives in one B-tree (faster bulk loads and id-ordered scans).
/// </summary>
internal static class SqliteSchema
{
    public static readonly IReadOnlyList<string> Migrations =
    [
        """
        CREATE TABLE customers (
            id TEXT NOT NULL PRIMARY KEY,
            name TEXT,
            phone TEXT,
            email TEXT,
            wechat_open_id TEXT,
            time_zone TEXT,
            tags TEXT NOT NULL DEFAULT '[]',
            consent_sms INTEGER NOT NULL DEFAULT 0,
            consent_call INTEGER NOT NULL DEFAULT 0,
            consent_email INTEGER NOT NULL DEFAULT 0,
            consent_wechat INTEGER NOT NULL DEFAULT 0,
            membership_tier TEXT,
            membership_tier_key TEXT,
            membership_status INTEGER NOT NULL DEFAULT 0,
            membership_expires_at INTEGER,
            membership_changed_at INTEGER,
            first_purchase_at INTEGER,
            last_purchase_at INTEGER,
            purchase_count INTEGER NOT NULL DEFAULT 0,
            total_spend_units INTEGER NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE customer_tags (
            customer_id TEXT NOT NULL,
            tag_key TEXT NOT NULL,
            PRIMARY KEY (customer_id, tag_key)
        ) WITHOUT ROWID;
        CREATE INDEX ix_customer_tags_tag ON customer_tags (tag_key, customer_id);

        CREATE TABLE customer_events (
            id TEXT NOT NULL PRIMARY KEY,
            customer_id TEXT NOT NULL,
            type TEXT NOT NULL,
            occurred_at INTEGER NOT NULL,
            amount_units INTEGER,
            properties TEXT,
            received_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX ix_customer_events_customer ON customer_events (customer_id, occurred_at);
        """,
        // 2: the touch queue and ledger. The id (campaign/run/step/customer) is the key, so planning is idempotent;
        // due_at is when a touch may be tried (for a Reserved one, when its lease runs out), which is what claims scan.
        """
        CREATE TABLE touches (
            id TEXT NOT NULL PRIMARY KEY,
            campaign_id TEXT NOT NULL,
            run_id TEXT NOT NULL,
            step INTEGER NOT NULL,
            customer_id TEXT NOT NULL,
            status TEXT NOT NULL,
            channel TEXT,
            variant TEXT,
            reason TEXT,
            due_at INTEGER NOT NULL,
            expires_at INTEGER,
            attempts INTEGER NOT NULL DEFAULT 0,
            provider_id TEXT,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX ix_touches_due ON touches (due_at, id) WHERE status IN ('Planned', 'Deferred', 'Reserved');
        CREATE INDEX ix_touches_customer ON touches (customer_id, created_at);
        CREATE INDEX ix_touches_campaign ON touches (campaign_id, run_id, status);
        """,
        // 3: runs with their state, the cursor of background scans, the sequence start of a touch (its goal counts from
        // there), capped touches claimable when due, and events findable by when they arrived (event triggers scan that).
        """
        ALTER TABLE touches ADD COLUMN sequence_at INTEGER;
        DROP INDEX ix_touches_due;
        CREATE INDEX ix_touches_due ON touches (due_at, id) WHERE status IN ('Planned', 'Deferred', 'Capped', 'Reserved');
        CREATE INDEX ix_customer_events_received ON customer_events (received_at, id);

        CREATE TABLE runs (
            campaign_id TEXT NOT NULL,
            run_id TEXT NOT NULL,
            state TEXT NOT NULL,
            trigger TEXT NOT NULL,
            audience INTEGER,
            note TEXT,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (campaign_id, run_id)
        ) WITHOUT ROWID;
        CREATE INDEX ix_runs_created ON runs (created_at);

        CREATE TABLE cursors (
            name TEXT NOT NULL PRIMARY KEY,
            value TEXT NOT NULL,
            updated_at INTEGER NOT NULL
        ) WITHOUT ROWID;
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
