using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using Samtale.Web.Data;
using Samtale.Web.Features.Encryption;
using Samtale.Web.Features.Messaging;

namespace Samtale.Bench;

/// <summary>
/// Fills the existing conversations with old messages, fast: straight into the Messages table (a prepared
/// INSERT in large transactions on SQLite, binary COPY on PostgreSQL), bypassing the hub. Every body is
/// real ciphertext from the product's <see cref="ContentCipher"/> under the municipality's data key, with
/// the same associated data the product uses, so history pages decrypt them exactly as they would
/// messages sent live. Messages are interleaved across conversations in time order, as a busy
/// municipality's table would be.
/// </summary>
internal static class HistorySeeder
{
    private const string Sample =
        "Hej, tak for din besked. Jeg har kigget på din sag og vender tilbage i morgen, når jeg har talt med " +
        "min leder om bevillingen. Du er velkommen til at sende billeder af dokumenterne her i chatten, så " +
        "kan jeg lægge dem i journalen med det samme. Husk mødet på torsdag klokken ti på rådhuset.";

    public static async Task<HistoryReply> SeedAsync(BenchApp app, string provider, string connectionString, long total, TimeSpan? span = null)
    {
        var started = Stopwatch.GetTimestamp();
        var conversations = await BenchHost.InScopeAsync(app, sp => sp.GetRequiredService<AppDbContext>().Conversations
            .IgnoreQueryFilters().AsNoTracking().OrderBy(c => c.Id).ToListAsync());
        if (conversations.Count == 0)
        {
            throw new InvalidOperationException("Seed pairs (and open their conversations) before history.");
        }

        var cipher = app.Services.GetRequiredService<ContentCipher>();

        // The first message of a municipality creates its data key; do that now, not inside the bulk
        // transaction, which would then wait on itself.
        foreach (var tenant in conversations.Select(c => c.TenantId).Distinct())
        {
            await cipher.SealAsync(tenant, new byte[1], Array.Empty<byte>(), default);
        }

        var rows = Rows(conversations, cipher, total, span ?? TimeSpan.FromDays(365));
        long bodyBytes;
        if (provider == "Postgres")
        {
            bodyBytes = await CopyPostgresAsync(connectionString, rows);
        }
        else
        {
            bodyBytes = await InsertSqliteAsync(connectionString, rows);
        }

        var ranges = await BenchHost.InScopeAsync(app, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            return (await db.Messages.IgnoreQueryFilters().GroupBy(m => m.ConversationId)
                .Select(g => new { g.Key, Min = g.Min(m => m.Id), Max = g.Max(m => m.Id), Count = g.Count() }).ToListAsync())
                .Select(g => new ConversationRange(g.Key, g.Min, g.Max, g.Count)).ToList();
        });
        return new HistoryReply(ranges, total, ranges.Sum(r => (long)r.Count), Stopwatch.GetElapsedTime(started).TotalSeconds, (int)(bodyBytes / Math.Max(1, total)));
    }

    private sealed record Row(Guid TenantId, Guid ConversationId, SenderKind SenderKind, Guid SenderId, DateTime SentAt, string ClientKey, Sealed Body);

    private static IEnumerable<Row> Rows(List<Conversation> conversations, ContentCipher cipher, long total, TimeSpan span)
    {
        var random = new Random(20260302);
        var start = new DateTime(2025, 3, 2, 8, 0, 0, DateTimeKind.Utc);
        var step = span / total;
        for (long i = 0; i < total; i++)
        {
            var conversation = conversations[random.Next(conversations.Count)];
            var fromCitizen = random.Next(2) == 0;
            var senderId = fromCitizen ? conversation.CitizenId : conversation.CounterpartId;
            var clientKey = Guid.NewGuid().ToString("N");

            // 20 to 240 characters: a chat line, not an essay; the product allows up to 10,000.
            var text = Sample[..random.Next(20, 241)];
            var aad = Encoding.UTF8.GetBytes($"{conversation.Id:N}|{senderId:N}|{clientKey}");
            var body = cipher.SealAsync(conversation.TenantId, Encoding.UTF8.GetBytes(text), aad, default).GetAwaiter().GetResult();
            yield return new Row(conversation.TenantId, conversation.Id, fromCitizen ? SenderKind.Citizen : SenderKind.Staff, senderId, start + step * i, clientKey, body);
        }
    }

    // EF stores Guids on SQLite as upper-case text and DateTimes as "yyyy-MM-dd HH:mm:ss.FFFFFFF"; the
    // seeded rows must match byte for byte, or the product's own WHERE clauses would not find them.
    private static async Task<long> InsertSqliteAsync(string connectionString, IEnumerable<Row> rows)
    {
        const int Batch = 50_000;
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using (var pragma = connection.CreateCommand())
        {
            // This connection only: the product's own connections keep its settings.
            pragma.CommandText = "PRAGMA synchronous = OFF;";
            await pragma.ExecuteNonQueryAsync();
        }

        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO "Messages" ("TenantId", "ConversationId", "SenderKind", "SenderId", "SentAt", "ClientKey", "KeyId", "Body", "IsAutoReply")
            VALUES ($tenant, $conversation, $kind, $sender, $sentAt, $clientKey, $keyId, $body, 0)
            """;
        var tenant = command.Parameters.Add("$tenant", SqliteType.Text);
        var conversation = command.Parameters.Add("$conversation", SqliteType.Text);
        var kind = command.Parameters.Add("$kind", SqliteType.Integer);
        var sender = command.Parameters.Add("$sender", SqliteType.Text);
        var sentAt = command.Parameters.Add("$sentAt", SqliteType.Text);
        var clientKey = command.Parameters.Add("$clientKey", SqliteType.Text);
        var keyId = command.Parameters.Add("$keyId", SqliteType.Text);
        var body = command.Parameters.Add("$body", SqliteType.Blob);

        long bytes = 0;
        var inBatch = 0;
        var transaction = connection.BeginTransaction();
        command.Transaction = transaction;
        foreach (var row in rows)
        {
            tenant.Value = SqliteGuid(row.TenantId);
            conversation.Value = SqliteGuid(row.ConversationId);
            kind.Value = (int)row.SenderKind;
            sender.Value = SqliteGuid(row.SenderId);
            sentAt.Value = row.SentAt.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
            clientKey.Value = row.ClientKey;
            keyId.Value = SqliteGuid(row.Body.KeyId);
            body.Value = row.Body.Blob;
            bytes += row.Body.Blob.Length;
            await command.ExecuteNonQueryAsync();
            if (++inBatch == Batch)
            {
                await transaction.CommitAsync();
                await transaction.DisposeAsync();
                transaction = connection.BeginTransaction();
                command.Transaction = transaction;
                inBatch = 0;
            }
        }

        await transaction.CommitAsync();
        await transaction.DisposeAsync();
        return bytes;
    }

    private static string SqliteGuid(Guid id) => id.ToString().ToUpperInvariant();

    private static async Task<long> CopyPostgresAsync(string connectionString, IEnumerable<Row> rows)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        long bytes = 0;
        await using (var writer = await connection.BeginBinaryImportAsync("""
            COPY "Messages" ("TenantId", "ConversationId", "SenderKind", "SenderId", "SentAt", "ClientKey", "KeyId", "Body", "IsAutoReply") FROM STDIN (FORMAT BINARY)
            """))
        {
            foreach (var row in rows)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(row.TenantId, NpgsqlDbType.Uuid);
                await writer.WriteAsync(row.ConversationId, NpgsqlDbType.Uuid);
                await writer.WriteAsync((int)row.SenderKind, NpgsqlDbType.Integer);
                await writer.WriteAsync(row.SenderId, NpgsqlDbType.Uuid);
                await writer.WriteAsync(row.SentAt, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(row.ClientKey, NpgsqlDbType.Varchar);
                await writer.WriteAsync(row.Body.KeyId, NpgsqlDbType.Uuid);
                await writer.WriteAsync(row.Body.Blob, NpgsqlDbType.Bytea);
                await writer.WriteAsync(false, NpgsqlDbType.Boolean);
                bytes += row.Body.Blob.Length;
            }

            await writer.CompleteAsync();
        }

        // What autovacuum would do within a minute of a load this size; without it the planner guesses.
        await using var analyze = new NpgsqlCommand("""ANALYZE "Messages";""", connection);
        await analyze.ExecuteNonQueryAsync();
        return bytes;
    }
}
