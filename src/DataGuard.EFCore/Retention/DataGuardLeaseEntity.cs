// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.EFCore.Retention;

/// <summary>A row of <c>DataGuardLeases</c>: who runs a shared job until when, with a fencing token that grows on every take-over.</summary>
internal sealed class DataGuardLeaseEntity
{
    public string Name { get; set; } = string.Empty;

    public string? Owner { get; set; }

    public long ExpiresAtMicros { get; set; }

    public long FencingToken { get; set; }
}
