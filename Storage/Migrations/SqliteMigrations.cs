namespace ClawChat.Storage.Migrations;

/// <summary>SQLite schema, in order; mirrors <see cref="PostgresMigrations"/> (JSON as TEXT, payload BLOB).</summary>
public static class SqliteMigrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "grain_state", """
            CREATE TABLE grain_state (
                grain_type  TEXT    NOT NULL,
                grain_key   TEXT    NOT NULL,
                state_name  TEXT    NOT NULL,
                version     INTEGER NOT NULL,
                payload     TEXT    NOT NULL,
                updated_at  TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
                PRIMARY KEY (grain_type, grain_key, state_name)
            );
            """),
        new(2, "events", """
            CREATE TABLE events (
                stream_id        TEXT    NOT NULL,
                seq              INTEGER NOT NULL,
                event_id         TEXT    NOT NULL UNIQUE,
                type             TEXT    NOT NULL,
                state_key        TEXT    NULL,
                sender           TEXT    NOT NULL,
                origin_server_ts INTEGER NOT NULL,
                payload          BLOB    NOT NULL,
                PRIMARY KEY (stream_id, seq)
            );
            CREATE INDEX events_stream_type_state_key_idx ON events (stream_id, type, state_key, seq);
            """),
        new(3, "media", """
            CREATE TABLE media (
                media_id     TEXT    NOT NULL PRIMARY KEY,
                uploader     TEXT    NOT NULL,
                content_type TEXT    NULL,
                upload_name  TEXT    NULL,
                size         INTEGER NULL,
                sha256       TEXT    NULL,
                created_ts   INTEGER NOT NULL,
                uploaded_ts  INTEGER NULL,
                expires_ts   INTEGER NULL
            );
            CREATE INDEX media_uploader_idx ON media (uploader, created_ts);
            CREATE INDEX media_sha256_idx ON media (sha256);
            """),
    ];
}
