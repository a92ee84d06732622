// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Options;

namespace DataGuard.Retention;

/// <summary>
/// The default <see cref="IRetentionArchive"/>: JSON lines of stored (still encrypted) values under
/// <see cref="RetentionOptions.ArchiveDirectory"/>, in <c>&lt;category&gt;/&lt;yyyy-MM-dd&gt;/&lt;runId&gt;.jsonl</c> (the date of the batch, UTC).
/// </summary>
/// <remarks>
/// <para>Each batch is appended, one line per row: <c>{"table":…,"entity":…,"archivedAt":…,"values":{column: value}}</c>. Text, numbers
/// and booleans are JSON values; a <see cref="Guid"/> is its <c>D</c> text; a <see cref="DateTimeOffset"/> or <see cref="DateTime"/> its
/// ISO-8601 round-trip text; a byte array is <c>{"$b64":"…"}</c> (base64); other formattable values their invariant text.</para>
/// <para>The file is flushed to disk (<see cref="FileStream.Flush(bool)"/>) before the call returns, so the rows are durable before they
/// are deleted. A batch cut short by a crash leaves a partial last line: the next append starts on a new line, and the repeated rows
/// (the run archives them again) carry their keys.</para>
/// <para>A category that is not <c>^[a-z0-9][a-z0-9-]{0,63}$</c> (so cannot name another directory) is refused. Batches are written one
/// at a time per instance.</para>
/// </remarks>
internal sealed partial class FileSystemRetentionArchive(IOptions<RetentionOptions> options) : IRetentionArchive, IDisposable
{
    /// <summary>The property that marks a base64 byte array.</summary>
    public const string Base64Marker = "$b64";

    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Gets how a file is opened for appending (a seam for tests that observe the flush to disk).</summary>
    internal Func<string, FileStream> OpenFile { get; init; } =
        static path => new FileStream(path, FileOptionsFor());

    /// <summary>The file a batch goes to.</summary>
    /// <param name="root">The archive directory.</param>
    /// <param name="batch">The batch.</param>
    /// <returns>The full path.</returns>
    internal static string PathOf(string root, RetentionArchiveBatch batch)
    {
        if (batch.Category is null || !CategoryPattern().IsMatch(batch.Category))
        {
            throw new ArgumentException("The batch's category must be lower-case letters, digits and '-' (at most 64 characters).", nameof(batch));
        }

        var fullRoot = Path.GetFullPath(root);
        var path = Path.GetFullPath(Path.Combine(
            fullRoot,
            batch.Category,
            batch.ArchivedAt.UtcDateTime.ToString("yyyy'-'MM'-'dd", CultureInfo.InvariantCulture),
            batch.RunId.ToString("D") + ".jsonl"));
        var prefix = Path.EndsInDirectorySeparator(fullRoot) ? fullRoot : fullRoot + Path.DirectorySeparatorChar;
        if (!path.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new ArgumentException("The batch's category would leave the archive directory.", nameof(batch));
        }

        return path;
    }

    /// <inheritdoc />
    public async Task ArchiveAsync(RetentionArchiveBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var root = options.Value.ArchiveDirectory;
        if (string.IsNullOrWhiteSpace(root))
        {
            throw new InvalidOperationException("The file-system retention archive needs RetentionOptions.ArchiveDirectory (DataGuard:Retention:ArchiveDirectory).");
        }

        var path = PathOf(root, batch);
        var lines = Serialize(batch);
        if (batch.Rows.Count == 0)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            CreatePrivateDirectory(Path.GetDirectoryName(path)!);
            var stream = OpenFile(path);
            await using (stream.ConfigureAwait(false))
            {
                if (stream.Length > 0)
                {
                    // A crash may have cut the last batch short: start on a new line so that every complete line stays valid JSON.
                    stream.Seek(-1, SeekOrigin.End);
                    var last = new byte[1];
                    var read = await stream.ReadAsync(last, cancellationToken).ConfigureAwait(false);
                    stream.Seek(0, SeekOrigin.End);
                    if (read == 1 && last[0] != (byte)'\n')
                    {
                        await stream.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
                    }
                }

                await stream.WriteAsync(lines.WrittenMemory, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();

    /// <summary>The batch as JSON lines (validated: one value per column, distinct column names).</summary>
    /// <param name="batch">The batch.</param>
    /// <returns>The UTF-8 lines, each ending with a line feed.</returns>
    internal static ArrayBufferWriter<byte> Serialize(RetentionArchiveBatch batch)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(batch.Table, nameof(batch));
        ArgumentException.ThrowIfNullOrWhiteSpace(batch.EntityType, nameof(batch));
        ArgumentNullException.ThrowIfNull(batch.Columns, nameof(batch));
        ArgumentNullException.ThrowIfNull(batch.Rows, nameof(batch));
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var column in batch.Columns)
        {
            if (string.IsNullOrEmpty(column) || !names.Add(column))
            {
                throw new ArgumentException($"The batch of {batch.Table} names an empty or repeated column.", nameof(batch));
            }
        }

        var buffer = new ArrayBufferWriter<byte>();
        var archivedAt = batch.ArchivedAt.ToString("O", CultureInfo.InvariantCulture);
        using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        for (var r = 0; r < batch.Rows.Count; r++)
        {
            var row = batch.Rows[r];
            if (row is null || row.Count != batch.Columns.Count)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Row {r} of the batch of {batch.Table} does not have one value per column ({batch.Columns.Count})."),
                    nameof(batch));
            }

            writer.WriteStartObject();
            writer.WriteString("table", batch.Table);
            writer.WriteString("entity", batch.EntityType);
            writer.WriteString("archivedAt", archivedAt);
            writer.WriteStartObject("values");
            for (var c = 0; c < row.Count; c++)
            {
                writer.WritePropertyName(batch.Columns[c]);
                WriteValue(writer, row[c], batch.Table, batch.Columns[c]);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.Flush();
            writer.Reset();
            buffer.Write("\n"u8);
        }

        return buffer;
    }

    /// <summary>How archive files are opened: appended to, readable by the service account only (0600; plain creation on Windows).</summary>
    private static FileStreamOptions FileOptionsFor()
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.OpenOrCreate,
            Access = FileAccess.ReadWrite,
            Share = FileShare.Read,
            BufferSize = 4096,
            Options = FileOptions.Asynchronous,
        };
        if (!OperatingSystem.IsWindows())
        {
            // The rows hold ciphertext, key ids and plaintext columns.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return options;
    }

    /// <summary>Creates a directory (and its missing parents) readable by the service account only (0700; plain creation on Windows).</summary>
    private static void CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        // Directory.CreateDirectory(path, mode) applies the mode to the last directory only: create each missing level with it.
        var missing = new Stack<string>();
        for (var current = Path.GetFullPath(path); !Directory.Exists(current); current = Path.GetDirectoryName(current)!)
        {
            missing.Push(current);
        }

        while (missing.TryPop(out var directory))
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value, string table, string column)
    {
        switch (value)
        {
            case null or DBNull:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case byte[] bytes:
                writer.WriteStartObject();
                writer.WriteBase64String(Base64Marker, bytes);
                writer.WriteEndObject();
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case int i:
                writer.WriteNumberValue(i);
                break;
            case short sh:
                writer.WriteNumberValue(sh);
                break;
            case byte by:
                writer.WriteNumberValue(by);
                break;
            case decimal m:
                writer.WriteNumberValue(m);
                break;
            case double d when double.IsFinite(d):
                writer.WriteNumberValue(d);
                break;
            case float f when float.IsFinite(f):
                writer.WriteNumberValue(f);
                break;
            case Guid g:
                writer.WriteStringValue(g.ToString("D"));
                break;
            case DateTimeOffset dto:
                writer.WriteStringValue(dto.ToString("O", CultureInfo.InvariantCulture));
                break;
            case DateTime dt:
                writer.WriteStringValue(dt.ToString("O", CultureInfo.InvariantCulture));
                break;
            case IFormattable formattable:
                writer.WriteStringValue(formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                throw new ArgumentException($"{table}.{column} holds a {value.GetType().Name}, which the file-system archive cannot write.", nameof(value));
        }
    }

    [GeneratedRegex(@"\A[a-z0-9][a-z0-9-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex CategoryPattern();
}
