// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.ComponentModel.DataAnnotations;

namespace DataGuard.Encryption;

/// <summary>Options of one run of <see cref="IReencryptionJob"/>.</summary>
public sealed class ReencryptionOptions
{
    /// <summary>Gets or sets the number of rows read and rewritten per batch (one transaction).</summary>
    /// <value>The default is 500.</value>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 500;
}
