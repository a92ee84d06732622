// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace DataGuard.Auditing;

/// <summary>
/// Exports audit checkpoints to a file, one JSON object per line (<c>{"stream":"system","sequence":42,"headHash":"…","createdAt":"…"}</c>),
/// appended (synchronously: one short write) and flushed to disk before <see cref="ExportAsync"/> returns. <see cref="ReadAsync"/> parses the file back.
/// </summary>
/// <remarks>
/// The file is only as trustworthy as where it lives: keep it where the database's writers cannot change it (another machine, a
/// write-once bucket). Writes of one sink instance are serialised; several processes appending to one file may interleave lines, so give
/// each instance its own file. Thread-safe.
/// </remarks>
internal sealed class FileAuditCheckpointSink : IAuditCheckpointSink
{
    private readonly Lock _gate = new();

    public FileAuditCheckpointSink(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
    }

    /// <summary>Gets the full path of the file.</summary>
    public string Path { get; }

    /// <summary>Reads every checkpoint of a file written by this sink, in file order (blank lines are skipped).</summary>
    /// <exception cref="FormatException">A line is not a checkpoint.</exception>
    public static async Task<IReadOnlyList<AuditCheckpoint>> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var result = new List<AuditCheckpoint>();
        var lines = await File.ReadAllLinesAsync(path, Encoding.UTF8, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < lines.Length; i++)
        {
            if (!string.IsNullOrWhiteSpace(lines[i]))
            {
                result.Add(Parse(lines[i], i + 1));
            }
        }

        return result;
    }

    public ValueTask ExportAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        cancellationToken.ThrowIfCancellationRequested();
        var line = Format(checkpoint);
        lock (_gate)
        {
            var directory = System.IO.Path.GetDirectoryName(Path);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            using var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
            stream.Write(line);
            stream.Flush(flushToDisk: true);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The line written for a checkpoint (UTF-8 JSON and a line feed).</summary>
    internal static byte[] Format(AuditCheckpoint checkpoint)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("stream", checkpoint.Stream);
            writer.WriteNumber("sequence", checkpoint.Sequence);
            writer.WriteString("headHash", checkpoint.HeadHash);
            writer.WriteString("createdAt", checkpoint.CreatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static AuditCheckpoint Parse(string line, int number)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var hash = root.GetProperty("headHash");
            return new AuditCheckpoint(
                root.GetProperty("stream").GetString() ?? throw new FormatException("The stream is null."),
                root.GetProperty("sequence").GetInt64(),
                hash.ValueKind == JsonValueKind.Null ? null : hash.GetString(),
                DateTimeOffset.Parse(root.GetProperty("createdAt").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentNullException)
        {
            throw new FormatException($"Line {number.ToString(CultureInfo.InvariantCulture)} of the checkpoint file is not a checkpoint.", ex);
        }
    }
}
