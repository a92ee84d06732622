// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using DataGuard.Retention;
using Microsoft.Extensions.Options;
using Xunit;

namespace DataGuard.Tests.Retention;

public sealed class FileSystemRetentionArchiveTests : IDisposable
{
    private static readonly Guid RunId = Guid.Parse("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
    private static readonly DateTimeOffset ArchivedAt = new(2026, 3, 1, 23, 30, 0, TimeSpan.FromHours(-5)); // 2026-03-02T04:30Z

    private readonly string _root = Path.Combine(Path.GetTempPath(), "dataguard-archive-" + Guid.NewGuid().ToString("N")[..12]);

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task Archive_WritesOneJsonLinePerRow_UnderCategoryDateAndRun()
    {
        using var archive = Create();

        await archive.ArchiveAsync(Batch(Row(1, "dgEBsecret1"), Row(2, "dgEBsecret2")));

        var path = Path.Combine(_root, "call-logs", "2026-03-02", RunId.ToString("D") + ".jsonl");
        var lines = await File.ReadAllLinesAsync(path);
        Assert.Equal(2, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal("CallLogs", first.RootElement.GetProperty("table").GetString());
        Assert.Equal("Sample.CallLog", first.RootElement.GetProperty("entity").GetString());
        Assert.Equal(ArchivedAt, DateTimeOffset.Parse(first.RootElement.GetProperty("archivedAt").GetString()!, CultureInfo.InvariantCulture));
        Assert.Equal(1, first.RootElement.GetProperty("values").GetProperty("Id").GetInt64());
        Assert.Equal("dgEBsecret1", first.RootElement.GetProperty("values").GetProperty("CallerNumber").GetString());
        Assert.Equal(["Id", "CallerNumber"], first.RootElement.GetProperty("values").EnumerateObject().Select(p => p.Name).ToArray());
    }

    [Fact]
    public async Task Archive_FilesAndDirectories_AreReadableByTheServiceAccountOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix permissions only.
        }

        using var archive = Create();

        await archive.ArchiveAsync(Batch(Row(1, "a")));

        var day = Path.Combine(_root, "call-logs", "2026-03-02");
        var file = Path.Combine(day, RunId.ToString("D") + ".jsonl");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(day));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(_root, "call-logs")));
    }

    [Fact]
    public async Task Archive_SecondBatchOfTheRun_IsAppended()
    {
        using var archive = Create();

        await archive.ArchiveAsync(Batch(Row(1, "a")));
        await archive.ArchiveAsync(Batch(Row(2, "b"), Row(3, "c")));

        var lines = await File.ReadAllLinesAsync(Path.Combine(_root, "call-logs", "2026-03-02", RunId.ToString("D") + ".jsonl"));
        Assert.Equal([1L, 2L, 3L], lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("values").GetProperty("Id").GetInt64()).ToArray());
    }

    [Fact]
    public async Task Archive_RoundTripsEveryStoredType()
    {
        using var archive = Create();
        var guid = Guid.NewGuid();
        var bytes = new byte[] { 0x64, 0x67, 0x01, 0xFF, 0xFB, 0x00 };
        var dto = new DateTimeOffset(2025, 1, 2, 10, 0, 0, TimeSpan.FromHours(5.5));
        var dt = new DateTime(2025, 1, 2, 4, 30, 0, DateTimeKind.Utc);
        string[] columns = ["Text", "Long", "Int", "Double", "Decimal", "Bool", "Guid", "DateTimeOffset", "DateTime", "Bytes", "Null", "Unicode"];
        object?[] values = ["x\"y\n", long.MaxValue, 42, 0.1, 12345.6789m, true, guid, dto, dt, bytes, null, "Zoë +91"];

        await archive.ArchiveAsync(new RetentionArchiveBatch
        {
            RunId = RunId,
            Category = "call-logs",
            EntityType = "Sample.CallLog",
            Table = "CallLogs",
            Columns = columns,
            Rows = [values],
            ArchivedAt = ArchivedAt,
        });

        var line = Assert.Single(await File.ReadAllLinesAsync(Path.Combine(_root, "call-logs", "2026-03-02", RunId.ToString("D") + ".jsonl")));
        var v = JsonDocument.Parse(line).RootElement.GetProperty("values");
        Assert.Equal("x\"y\n", v.GetProperty("Text").GetString());
        Assert.Equal(long.MaxValue, v.GetProperty("Long").GetInt64());
        Assert.Equal(42, v.GetProperty("Int").GetInt32());
        Assert.Equal(0.1, v.GetProperty("Double").GetDouble());
        Assert.Equal(12345.6789m, v.GetProperty("Decimal").GetDecimal());
        Assert.True(v.GetProperty("Bool").GetBoolean());
        Assert.Equal(guid, v.GetProperty("Guid").GetGuid());
        var readDto = DateTimeOffset.Parse(v.GetProperty("DateTimeOffset").GetString()!, CultureInfo.InvariantCulture);
        Assert.Equal(dto, readDto);
        Assert.Equal(dto.Offset, readDto.Offset);
        Assert.Equal(dt, DateTime.Parse(v.GetProperty("DateTime").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));
        Assert.Equal(bytes, Convert.FromBase64String(v.GetProperty("Bytes").GetProperty(FileSystemRetentionArchive.Base64Marker).GetString()!));
        Assert.Equal(JsonValueKind.Null, v.GetProperty("Null").ValueKind);
        Assert.Equal("Zoë +91", v.GetProperty("Unicode").GetString());
    }

    [Fact]
    public async Task Archive_FlushesToDiskBeforeReturning()
    {
        RecordingFileStream? opened = null;
        using var archive = new FileSystemRetentionArchive(Options.Create(new RetentionOptions { ArchiveDirectory = _root }))
        {
            OpenFile = path => opened = new RecordingFileStream(path),
        };

        await archive.ArchiveAsync(Batch(Row(1, "a"), Row(2, "b")));

        Assert.NotNull(opened);
        Assert.True(opened.FlushedToDisk);
        Assert.Equal(new FileInfo(Path.Combine(_root, "call-logs", "2026-03-02", RunId.ToString("D") + ".jsonl")).Length, opened.LengthAtDiskFlush);
    }

    [Fact]
    public async Task Archive_AfterATruncatedLine_StartsOnANewLine()
    {
        using var archive = Create();
        await archive.ArchiveAsync(Batch(Row(1, "a")));
        var path = Path.Combine(_root, "call-logs", "2026-03-02", RunId.ToString("D") + ".jsonl");
        await File.AppendAllTextAsync(path, "{\"table\":\"CallLogs\",\"entity\""); // a crash mid-write

        await archive.ArchiveAsync(Batch(Row(2, "b")));

        var lines = await File.ReadAllLinesAsync(path);
        Assert.Equal(3, lines.Length);
        Assert.Equal(2, JsonDocument.Parse(lines[2]).RootElement.GetProperty("values").GetProperty("Id").GetInt64());
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("..")]
    [InlineData("Call-Logs")]
    [InlineData("call/logs")]
    [InlineData("")]
    [InlineData("-leading")]
    [InlineData("call-logs\n")]
    public async Task Archive_CategoryThatCouldEscape_IsRefused(string category)
    {
        using var archive = Create();
        var batch = Batch(Row(1, "a"));

        await Assert.ThrowsAsync<ArgumentException>(() => archive.ArchiveAsync(new RetentionArchiveBatch
        {
            RunId = batch.RunId,
            Category = category,
            EntityType = batch.EntityType,
            Table = batch.Table,
            Columns = batch.Columns,
            Rows = batch.Rows,
            ArchivedAt = batch.ArchivedAt,
        }));

        Assert.False(Directory.Exists(_root));
    }

    [Fact]
    public async Task Archive_BadBatch_IsRefusedAndNothingWritten()
    {
        using var archive = Create();

        await Assert.ThrowsAsync<ArgumentNullException>(() => archive.ArchiveAsync(null!));
        await Assert.ThrowsAsync<ArgumentException>(() => archive.ArchiveAsync(new RetentionArchiveBatch
        {
            RunId = RunId, Category = "call-logs", EntityType = "E", Table = "T", Columns = ["Id", "CallerNumber"], Rows = [[1L, "a"], [2L]], ArchivedAt = ArchivedAt,
        }));
        await Assert.ThrowsAsync<ArgumentException>(() => archive.ArchiveAsync(new RetentionArchiveBatch
        {
            RunId = RunId, Category = "call-logs", EntityType = "E", Table = "T", Columns = ["Id", "Id"], Rows = [[1L, 2L]], ArchivedAt = ArchivedAt,
        }));
        var unsupported = await Assert.ThrowsAsync<ArgumentException>(() => archive.ArchiveAsync(new RetentionArchiveBatch
        {
            RunId = RunId, Category = "call-logs", EntityType = "E", Table = "T", Columns = ["Id"], Rows = [[new object()]], ArchivedAt = ArchivedAt,
        }));
        Assert.Contains("T.Id", unsupported.Message, StringComparison.Ordinal);
        await archive.ArchiveAsync(new RetentionArchiveBatch
        {
            RunId = RunId, Category = "call-logs", EntityType = "E", Table = "T", Columns = ["Id"], Rows = [], ArchivedAt = ArchivedAt,
        });

        Assert.False(Directory.Exists(_root));
    }

    [Fact]
    public async Task Archive_WithoutDirectory_Throws()
    {
        using var archive = new FileSystemRetentionArchive(Options.Create(new RetentionOptions()));

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => archive.ArchiveAsync(Batch(Row(1, "a"))));

        Assert.Contains("ArchiveDirectory", ex.Message, StringComparison.Ordinal);
    }

    private FileSystemRetentionArchive Create() => new(Options.Create(new RetentionOptions { ArchiveDirectory = _root }));

    private static object?[] Row(long id, string caller) => [id, caller];

    private static RetentionArchiveBatch Batch(params object?[][] rows) => new()
    {
        RunId = RunId,
        Category = "call-logs",
        EntityType = "Sample.CallLog",
        Table = "CallLogs",
        Columns = ["Id", "CallerNumber"],
        Rows = rows,
        ArchivedAt = ArchivedAt,
    };

    private sealed class RecordingFileStream(string path)
        : FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 4096, FileOptions.Asynchronous)
    {
        public bool FlushedToDisk { get; private set; }

        public long LengthAtDiskFlush { get; private set; } = -1;

        public override void Flush(bool flushToDisk)
        {
            base.Flush(flushToDisk);
            if (flushToDisk)
            {
                FlushedToDisk = true;
                LengthAtDiskFlush = Length;
            }
        }
    }
}
