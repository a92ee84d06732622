// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.Auditing;

/// <summary>The stored widths of audit record fields (the EF Core store's column lengths); the pipeline enforces them before sealing.</summary>
internal static class AuditFieldLimits
{
    /// <summary>Action.</summary>
    public const int Action = 128;

    /// <summary>TenantId, ActorId, ClientId, ResourceId.</summary>
    public const int Identifier = 256;

    /// <summary>Resource, Purpose.</summary>
    public const int Text = 512;

    /// <summary>Reason.</summary>
    public const int Reason = 1024;

    /// <summary>TraceId, RemoteAddress.</summary>
    public const int Short = 64;
}
