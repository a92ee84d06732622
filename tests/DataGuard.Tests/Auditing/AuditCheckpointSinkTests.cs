// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Threading.Tasks;
using DataGuard.Auditing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Xunit;

namespace DataGuard.Tests.Auditing;

/// <summary>The checkpoint sinks DataGuard ships: a log line and a JSON-lines file.</summary>
public sealed class AuditCheckpointSinkTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dataguard-checkpoints-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task FileSink_WriteThenRead_SameCheckpointsInOrder()
    {
        var path = Path.Combine(_directory, "nested", "checkpoints.jsonl");
        var sink = new FileAuditCheckpointSink(path);
        AuditCheckpoint[] written =
        [
            new("system", 42, new string('a', 64), new DateTimeOffset(2026, 12, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1234567)),
            new("tenant:acme", 0, null, new DateTimeOffset(2026, 12, 2, 8, 34, 5, TimeSpan.FromHours(5.5))),
            new("system", 43, new string('b', 64), new DateTimeOffset(2026, 12, 2, 3, 5, 5, TimeSpan.Zero)),
        ];

        foreach (var checkpoint in written)
        {
            await sink.ExportAsync(checkpoint);
        }

        var read = await FileAuditCheckpointSink.ReadAsync(path);

        Assert.Equal(3, read.Count);
        for (var i = 0; i < written.Length; i++)
        {
            Assert.Equal(written[i].Stream, read[i].Stream);
            Assert.Equal(written[i].Sequence, read[i].Sequence);
            Assert.Equal(written[i].HeadHash, read[i].HeadHash);
            Assert.Equal(written[i].CreatedAt, read[i].CreatedAt);
        }

        Assert.Equal(3, File.ReadAllLines(path).Length);
        Assert.Equal(
            "{\"stream\":\"system\",\"sequence\":42,\"headHash\":\"" + new string('a', 64) + "\",\"createdAt\":\"2026-12-02T03:04:05.1234567Z\"}",
            File.ReadAllLines(path)[0]);
    }

    [Fact]
    public async Task FileSink_AppendsToExistingFile()
    {
        var path = Path.Combine(_directory, "checkpoints.jsonl");
        await new FileAuditCheckpointSink(path).ExportAsync(new("system", 1, new string('a', 64), DateTimeOffset.UnixEpoch));

        await new FileAuditCheckpointSink(path).ExportAsync(new("system", 2, new string('b', 64), DateTimeOffset.UnixEpoch));

        var read = await FileAuditCheckpointSink.ReadAsync(path);
        Assert.Equal([1L, 2L], [read[0].Sequence, read[1].Sequence]);
    }

    [Fact]
    public async Task FileSink_ReadMalformedLine_FormatExceptionNamingTheLine()
    {
        Directory.CreateDirectory(_directory);
        var path = Path.Combine(_directory, "bad.jsonl");
        await File.WriteAllLinesAsync(path, ["{\"stream\":\"system\",\"sequence\":1,\"headHash\":null,\"createdAt\":\"2026-01-01T00:00:00+00:00\"}", string.Empty, "{not json"]);

        var ex = await Assert.ThrowsAsync<FormatException>(() => FileAuditCheckpointSink.ReadAsync(path));

        Assert.Contains("Line 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FileSink_BadPath_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new FileAuditCheckpointSink(null!));
        Assert.Throws<ArgumentException>(() => new FileAuditCheckpointSink(" "));
    }

    [Fact]
    public async Task LoggingSink_OneStructuredEntryWithStreamSequenceAndHash()
    {
        using var provider = new FakeLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(provider));
        var sink = new LoggingAuditCheckpointSink(factory);
        var checkpoint = new AuditCheckpoint("tenant:acme", 42, new string('a', 64), DateTimeOffset.UnixEpoch);

        await sink.ExportAsync(checkpoint);

        var entry = Assert.Single(provider.Collector.GetSnapshot());
        Assert.Equal(1600, entry.Id.Id);
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Equal(LoggingAuditCheckpointSink.Category, entry.Category);
        Assert.Equal("tenant:acme", entry.GetStructuredStateValue("Stream"));
        Assert.Equal("42", entry.GetStructuredStateValue("Sequence"));
        Assert.Equal(new string('a', 64), entry.GetStructuredStateValue("HeadHash"));
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
