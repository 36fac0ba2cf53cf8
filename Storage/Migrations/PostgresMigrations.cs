namespace ClawChat.Storage.Migrations;

/// <summary>PostgreSQL schema, in order. Constraint names are explicit because the event store
/// branches on them after a unique_violation.</summary>
public static class PostgresMigrations
{
    public const string EventsPrimaryKey = "events_pkey";

    public const string EventsEventIdKey = "events_event_id_key";

    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "grain_state", """
            CREATE TABLE grain_state (
                grain_type  text        NOT NULL,
                grain_key   text        NOT NULL,
                state_name  text        NOT NULL,
                version     bigint      NOT NULL,
                payload     jsonb       NOT NULL,
                updated_at  timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (grain_type, grain_key, state_name)
            );
            """),
        new(2, "events", $"""
            CREATE TABLE events (
                stream_id        text   NOT NULL,
                seq              bigint NOT NULL,
                event_id         text   NOT NULL,
                type             text   NOT NULL,
                state_key        text   NULL,
                sender           text   NOT NULL,
                origin_server_ts bigint NOT NULL,
                payload          bytea  NOT NULL,
                CONSTRAINT {EventsPrimaryKey} PRIMARY KEY (stream_id, seq),
                CONSTRAINT {EventsEventIdKey} UNIQUE (event_id)
            );
            -- Current/historical state lookups: latest event of (type, state_key) at or before a position.
            CREATE INDEX events_stream_type_state_key_idx ON events (stream_id, type, state_key, seq);
            """),
        new(3, "media", """
            -- Local media metadata; the content lives on disk at its sha256 (NULL while an async upload is pending).
            CREATE TABLE media (
                media_id     text   NOT NULL PRIMARY KEY,
                uploader     text   NOT NULL,
                content_type text   NULL,
                upload_name  text   NULL,
                size         bigint NULL,
                sha256       text   NULL,
                created_ts   bigint NOT NULL,
                uploaded_ts  bigint NULL,
                expires_ts   bigint NULL
            );
            CREATE INDEX media_uploader_idx ON media (uploader, created_ts);
            CREATE INDEX media_sha256_idx ON media (sha256);
            """),
    ];
}
