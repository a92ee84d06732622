// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard.AspNetCore.Auditing;

/// <summary>Remembers that <c>UseDataGuardAudit()</c> was called, for the start-up check.</summary>
internal sealed class AuditMiddlewareMarker
{
    private volatile bool _used;

    public bool IsUsed => _used;

    public void MarkUsed() => _used = true;
}
