// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.EFCore.Tests.Model;

/// <summary>A dependent entity with a searchable and a non-searchable encrypted property.</summary>
public sealed class SubscriberCall : IHasNumber
{
    public int Id { get; set; }

    public int SubscriberId { get; set; }

    [Encrypted(Searchable = true, Normalizer = "digits")]
    public string Number { get; set; } = string.Empty;

    [Encrypted]
    public string? Memo { get; set; }

    public int DurationSeconds { get; set; }
}
