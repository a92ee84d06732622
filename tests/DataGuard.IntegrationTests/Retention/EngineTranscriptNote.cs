// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.IntegrationTests.Retention;

/// <summary>A note on a transcript, with a restricting foreign key: a transcript with notes is never purged.</summary>
public sealed class EngineTranscriptNote
{
    public long Id { get; set; }

    public long TranscriptId { get; set; }

    public string Text { get; set; } = string.Empty;
}
