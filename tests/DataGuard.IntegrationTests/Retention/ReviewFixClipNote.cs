// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.IntegrationTests.Retention;

/// <summary>A note on a clip (cascade in the model): two levels below the call.</summary>
public sealed class ReviewFixClipNote
{
    public long Id { get; set; }

    public long ClipId { get; set; }

    public string Text { get; set; } = string.Empty;
}
