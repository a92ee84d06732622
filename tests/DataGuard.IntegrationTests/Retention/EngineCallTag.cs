// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.IntegrationTests.Retention;

/// <summary>A tag that may point at a call (set null in the model when the call goes; the tag stays).</summary>
public sealed class EngineCallTag
{
    public long Id { get; set; }

    public long? CallLogId { get; set; }

    public string Label { get; set; } = string.Empty;
}
